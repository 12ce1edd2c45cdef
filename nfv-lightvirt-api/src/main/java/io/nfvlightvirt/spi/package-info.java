/**
 * The contract between the api and backend modules: {@link io.nfvlightvirt.spi.BackendProvider},
 * found through {@link java.util.ServiceLoader}, and its {@link io.nfvlightvirt.spi.Availability}.
 * Users rarely need this package; {@link io.nfvlightvirt.LightVirt} does the discovery.
 */
package io.nfvlightvirt.spi;
