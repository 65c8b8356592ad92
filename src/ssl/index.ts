/**
 * `racket-net/ssl`: Racket's `openssl` library on `node:tls`. TLS connections as pairs of
 * ordinary ports (`sslConnect`, `sslListen` + `sslAccept`, STARTTLS with `portsToSslPorts`),
 * contexts, certificates, verification, ALPN and SNI. Secure by default: `sslConnect` checks the
 * server's certificate and host name unless given `'auto'`.
 *
 * @module racket-net/ssl
 */
// Connections (this folder's ports and handshakes).
export { sslConnect, sslConnectEnableBreak, type SslConnectOptions } from './connect.js';
export { type SslListener, isSslListener, sslClose, sslListen } from './listener.js';
export { sslAccept, sslAcceptEnableBreak } from './accept.js';
export { sslAbandonPort, sslAddresses } from './addresses.js';
export { isSslPort } from './ssl-ports.js';
export { portsToSslPorts, type PortsToSslPortsOptions } from './upgrade.js';
export {
  isSslPeerVerified,
  sslGetAlpnSelected,
  sslPeerCertificateHostnames,
  sslPeerCheckHostname,
  sslPeerIssuerName,
  sslPeerSubjectName,
  sslProtocolVersion,
} from './peer.js';
// Contexts and certificates.
export {
  type SslClientContext,
  type SslContext,
  type SslProtocol,
  type SslServerContext,
  type SslSettings,
} from './context-core.js';
export {
  isSslClientContext,
  isSslContext,
  isSslServerContext,
  sslAvailable,
  type SslContextKeywords,
  sslMakeClientContext,
  sslMakeServerContext,
  sslMaxClientProtocol,
  sslMaxServerProtocol,
  type SslPrivateKeySpec,
  supportedClientProtocols,
  supportedServerProtocols,
} from './make.js';
export { sslSecureClientContext } from './secure.js';
export {
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslLoadSuggestedCertificateAuthorities,
} from './certificates.js';
export {
  sslSealContext,
  sslSetCiphers,
  sslSetVerify,
  sslSetVerifyHostname,
  sslTryVerify,
} from './verification.js';
export {
  type SslCurve,
  sslServerContextEnableDhe,
  sslServerContextEnableEcdhe,
  sslSetServerAlpn,
  sslSetServerNameIdentificationCallback,
} from './server-options.js';
export {
  sslDefaultVerifySources,
  sslLoadDefaultVerifySources,
  sslLoadVerifyRootCertificates,
  sslLoadVerifySource,
  type VerifySource,
} from './verify-sources.js';
