#lang racket/base
;; Memory: resident bytes per idle connection (both ends in this process) with N open.
;; Usage: racket tcp-memory.rkt N
(require racket/tcp "common.rkt")
(define n (arg 0))
(define-values (l port) (listen))
(let-values ([(ci co si so) (connect-pair l port)])
  (close-input-port ci) (close-output-port co) (close-input-port si) (close-output-port so))
(define before (rss))
(define start (now-ms))
(define open
  (for/list ([i n])
    (define-values (ci co si so) (connect-pair l port))
    (list ci co si so)))
(define ms (- (now-ms) start))
(define after (rss))
(report (/ (- after before) (length open)) (length open) ms)
