#lang racket/base
;; TCP ping-pong: SIZE-byte request, flush, SIZE-byte reply, ROUNDS times. With IDLE > 0 the
;; server is one thread that syncs over IDLE idle connections plus the active one (fan-in).
;; Usage: racket tcp-pingpong.rkt ROUNDS SIZE IDLE
(require racket/tcp "common.rkt")
(define rounds (arg 0))
(define size (arg 1))
(define idle (arg 2))
(define-values (l port) (listen))
(define idle-pairs
  (for/list ([i idle])
    (define-values (ci co si so) (connect-pair l port))
    (list ci co si so)))
(define-values (ci co si so) (connect-pair l port))
(define outputs (make-hasheq (cons (cons si so) (for/list ([p idle-pairs]) (cons (caddr p) (cadddr p))))))
(define inputs (cons si (map caddr idle-pairs)))
(define-values (count ms)
  (ping-pong ci co rounds size
             (lambda () (if (> idle 0) (apply sync inputs) si))
             (lambda (in) (hash-ref outputs in))))
(report (/ count (/ ms 1000)) count ms)
