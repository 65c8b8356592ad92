#lang racket/base
;; Length-prefixed request/response server: a thread per connection reads a 4-byte big-endian
;; length and that many payload bytes, writes both back, and flushes only when no more input is
;; buffered. Prints {"port":N,...} once listening; exits when stdin closes.
;; Usage: racket lp-server.rkt
(require "common.rkt")

(define (serve in out)
  (let loop ()
    (define header (read-bytes 4 in))
    (when (and (bytes? header) (= (bytes-length header) 4))
      (define n (integer-bytes->integer header #f #t))
      (define payload (read-bytes n in))
      (when (and (bytes? payload) (= (bytes-length payload) n))
        (write-bytes header out)
        (write-bytes payload out)
        (unless (byte-ready? in) (flush-output out))
        (loop)))))

(serve-until-stdin-closes serve)
