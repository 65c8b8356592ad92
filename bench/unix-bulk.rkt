#lang racket/base
;; Unix socket bulk: TOTAL bytes one way in CHUNK-byte writes, read with read-bytes-avail!
;; into a CHUNK-byte buffer, over a socket path in the temp directory.
;; Usage: racket unix-bulk.rkt TOTAL CHUNK
(require "common.rkt" "unix-common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define-values (l path ci co si so) (unix-listen-pair))
(define-values (got ms) (bulk co si total chunk))
(unix-close l path)
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
