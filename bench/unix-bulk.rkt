#lang racket/base
;; Unix socket bulk: TOTAL bytes one way in CHUNK-byte writes, read with read-bytes-avail!
;; into a CHUNK-byte buffer, over a socket path in the temp directory.
;; Usage: racket unix-bulk.rkt TOTAL CHUNK
(require racket/unix-socket "common.rkt")
(define total (arg 0))
(define chunk (arg 1))
(define path (build-path (find-system-path 'temp-dir)
                         (format "rnet-bench-rkt-~a.sock" (current-milliseconds))))
(define l (unix-socket-listen path 4))
(define-values (ci co) (unix-socket-connect path))
(define-values (si so) (unix-socket-accept l))
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
(unix-socket-close-listener l)
(delete-file path)
(report (/ (/ got 1e6) (/ ms 1000)) got ms)
