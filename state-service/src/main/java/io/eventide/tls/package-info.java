/**
 * TLS material from PEM files: the mutual TLS of the gRPC calls between a cluster's processes
 * ({@link io.eventide.tls.InternalTls}), the key pair an HTTPS server presents ({@link
 * io.eventide.tls.ReloadingIdentity}), both reloaded when their files change, and the development
 * certificate authority that issues them ({@link io.eventide.tls.DevCertificates}).
 */
package io.eventide.tls;
