#lang racket/base
;; Shared by the Racket CS benchmark programs: a loopback listener, connected pairs, the result line.
(require racket/tcp)
(provide listen connect-pair report arg now-ms rss runtime serve-until-stdin-closes)

(define (arg i) (string->number (vector-ref (current-command-line-arguments) i)))
(define (now-ms) (current-inexact-milliseconds))

;; A listener on an ephemeral loopback port, and that port.
(define (listen)
  (define l (tcp-listen 0 4096 #t "127.0.0.1"))
  (define-values (a p b c) (tcp-addresses l #t))
  (values l p))

;; client-in client-out server-in server-out
(define (connect-pair l port)
  (define-values (ci co) (tcp-connect "127.0.0.1" port))
  (define-values (si so) (tcp-accept l))
  (values ci co si so))

;; What runs this program: "Racket 8.7 [cs]".
(define (runtime)
  (format "Racket ~a [~a]" (version) (if (eq? (system-type 'vm) 'chez-scheme) "cs" "bc")))

;; One JSON line, as the node workloads print it.
(define (report value count ms)
  (printf "{\"value\":~a,\"count\":~a,\"ms\":~a,\"runtime\":\"~a\"}\n"
          (exact->inexact value) count (exact->inexact ms) (runtime)))

;; A server workload's server: listens on an ephemeral loopback port, prints the port line the
;; bench waits for, runs (serve in out) in a thread per connection, and exits when stdin closes.
;; A connection the client resets ends quietly.
(define (serve-until-stdin-closes serve)
  (define-values (l port) (listen))
  (printf "{\"port\":~a,\"runtime\":\"~a\"}\n" port (runtime))
  (flush-output)
  (thread
   (lambda ()
     (let loop ()
       (define-values (in out) (tcp-accept l))
       (thread
        (lambda ()
          (with-handlers ([exn:fail:network? void])
            (serve in out))
          (close-input-port in)
          (with-handlers ([exn:fail:network? void])
            (close-output-port out))))
       (loop))))
  (let loop ()
    (unless (eof-object? (read-byte)) (loop)))
  (exit 0))

;; Resident set size in bytes, after collecting garbage.
(define (rss)
  (for ([i 3]) (collect-garbage 'major) (sleep 0.05))
  (define statm (call-with-input-file "/proc/self/statm" read-line))
  (* 4096 (string->number (cadr (regexp-split #rx" " statm)))))
