#lang racket/base
;; Shared by the TLS benchmark programs: the test certificates (fixtures/tls at the top of the
;; repository), a server context and a client context that verifies the chain and the name.
(require openssl racket/runtime-path)
(provide server-context client-context)

(define-runtime-path fixtures "../fixtures/tls")
(define (fixture name) (path->string (build-path fixtures name)))

(define (server-context)
  (define ctx (ssl-make-server-context 'auto))
  (ssl-load-certificate-chain! ctx (fixture "server.pem"))
  (ssl-load-private-key! ctx (fixture "server-key.pem"))
  ctx)

(define (client-context)
  (define ctx (ssl-make-client-context 'auto))
  (ssl-load-verify-source! ctx (fixture "ca.pem"))
  (ssl-set-verify! ctx #t)
  (ssl-set-verify-hostname! ctx #t)
  ctx)
