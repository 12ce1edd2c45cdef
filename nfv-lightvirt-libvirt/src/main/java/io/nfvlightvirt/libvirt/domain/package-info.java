/**
 * The typed libvirt domain model ({@link io.nfvlightvirt.libvirt.domain.DomainDefinition}), its
 * XML writer ({@link io.nfvlightvirt.libvirt.domain.DomainXmlWriter}, StAX, every value escaped),
 * the library's ownership metadata ({@link io.nfvlightvirt.libvirt.domain.DomainMetadata}) and
 * state mapping.
 */
package io.nfvlightvirt.libvirt.domain;
