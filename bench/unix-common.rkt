#lang racket/base
;; Shared by the unix socket benchmark programs: a listener on a fresh socket path in the temp
;; directory with one connection to it, and closing the listener and removing its file.
(require racket/unix-socket)
(provide unix-listen-pair unix-close)

;; listener path client-in client-out server-in server-out
(define (unix-listen-pair)
  (define path (build-path (find-system-path 'temp-dir)
                           (format "rnet-bench-rkt-~a.sock" (current-milliseconds))))
  (define l (unix-socket-listen path 4))
  (define-values (ci co) (unix-socket-connect path))
  (define-values (si so) (unix-socket-accept l))
  (values l path ci co si so))

(define (unix-close l path)
  (unix-socket-close-listener l)
  (delete-file path))
