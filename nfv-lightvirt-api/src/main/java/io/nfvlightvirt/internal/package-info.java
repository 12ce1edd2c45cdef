/** Implementation details of the api module; not for users, may change without notice. */
package io.nfvlightvirt.internal;
