#lang racket/base
;; TCP bulk: TOTAL bytes one way in CHUNK-byte writes, read with read-bytes-avail! into a
;; CHUNK-byte buffer. Usage: racket tcp-bulk.rkt TOTAL CHUNK
(require racket/tcp "common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define-values (l port) (listen))
(define-values (ci co si so) (connect-pair l port))
(define data (make-bytes chunk 120))
(define start (now-ms))
(define writer
  (thread (lambda ()
            (let loop ([left total])
              (when (> left 0)
                (write-bytes data co 0 (min chunk left))
                (loop (- left chunk))))
            (close-output-port co))))
(define buffer (make-bytes chunk))
(define got
  (let loop ([got 0])
    (define n (read-bytes-avail! buffer si))
    (if (eof-object? n) got (loop (+ got n)))))
(define ms (- (now-ms) start))
(thread-wait writer)
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
