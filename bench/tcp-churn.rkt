#lang racket/base
;; Connection churn: connect, accept, one byte, close both ends; N times.
;; Usage: racket tcp-churn.rkt N
(require racket/tcp "common.rkt")
(define n (arg 0))
(define-values (l port) (listen))
(define start (now-ms))
(define count
  (for/sum ([i n])
    (define-values (ci co si so) (connect-pair l port))
    (write-byte 1 co)
    (close-output-port co)
    (close-input-port ci)
    (define b (read-byte si))
    (close-input-port si)
    (close-output-port so)
    (if (eqv? b 1) 1 0)))
(define ms (- (now-ms) start))
(report (/ count (/ ms 1000)) count ms)
