#lang racket/base
;; TLS bulk: TOTAL bytes one way over one TLS connection in CHUNK-byte writes, read with
;; read-bytes-avail! into a CHUNK-byte buffer, until TOTAL bytes came: Racket's SSL ports have
;; no half-close (closing them sends no close_notify, and the reader would get an "unexpected
;; eof" error), so the reader counts. Usage: racket tls-bulk.rkt TOTAL CHUNK
(require openssl "common.rkt" "tls-common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define l (ssl-listen 0 4 #t "127.0.0.1" (server-context)))
(define-values (a port b c) (ssl-addresses l #t))
;; The handshake needs both ends at once: the accept runs in a thread.
(define accepted (make-channel))
(void (thread (lambda ()
                (call-with-values (lambda () (ssl-accept l))
                                  (lambda ports (channel-put accepted ports))))))
(define-values (ci co) (ssl-connect "127.0.0.1" port (client-context)))
(define-values (si so) (apply values (channel-get accepted)))
(define-values (got ms) (bulk co si total chunk #:finish flush-output #:until-total? #t))
(close-output-port co)
(close-input-port ci)
(close-input-port si)
(close-output-port so)
(ssl-close l)
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
