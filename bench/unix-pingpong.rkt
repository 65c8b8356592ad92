#lang racket/base
;; Unix socket ping-pong: SIZE-byte request, flush, SIZE-byte reply, ROUNDS times, over a
;; socket path in the temp directory. Usage: racket unix-pingpong.rkt ROUNDS SIZE
(require racket/unix-socket "common.rkt")
(define rounds (arg 0))
(define size (arg 1))
(define path (temp-socket-path))
(define l (unix-socket-listen path 4))
(define-values (ci co) (unix-socket-connect path))
(define-values (si so) (unix-socket-accept l))
(define-values (count ms) (ping-pong ci co rounds size (lambda () si) (lambda (in) so)))
(unix-socket-close-listener l)
(delete-file path)
(report (/ count (/ ms 1000)) count ms)
