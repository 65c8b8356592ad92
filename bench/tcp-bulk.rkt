#lang racket/base
;; TCP bulk: TOTAL bytes one way in CHUNK-byte writes, read with read-bytes-avail! into a
;; CHUNK-byte buffer. Usage: racket tcp-bulk.rkt TOTAL CHUNK
(require racket/tcp "common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define-values (l port) (listen))
(define-values (ci co si so) (connect-pair l port))
(define-values (got ms) (bulk co si total chunk))
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
