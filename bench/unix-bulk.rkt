#lang racket/base
;; Unix socket bulk: TOTAL bytes one way in CHUNK-byte writes, read with read-bytes-avail!
;; into a CHUNK-byte buffer, over a socket path in the temp directory.
;; Usage: racket unix-bulk.rkt TOTAL CHUNK
(require racket/unix-socket "common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define path (temp-socket-path))
(define l (unix-socket-listen path 4))
(define-values (ci co) (unix-socket-connect path))
(define-values (si so) (unix-socket-accept l))
(define-values (got ms) (bulk co si total chunk))
(unix-socket-close-listener l)
(delete-file path)
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
