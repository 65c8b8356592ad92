#lang racket/base
;; Unix socket ping-pong: SIZE-byte request, flush, SIZE-byte reply, ROUNDS times, over a
;; socket path in the temp directory. Usage: racket unix-pingpong.rkt ROUNDS SIZE
(require "common.rkt" "unix-common.rkt")
(define rounds (arg 0))
(define size (arg 1))
(define-values (l path ci co si so) (unix-listen-pair))
(define-values (count ms) (ping-pong ci co rounds size (lambda () si) (lambda (in) so)))
(unix-close l path)
(report (/ count (/ ms 1000)) count ms)
