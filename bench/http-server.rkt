#lang racket/base
;; HTTP/1.1 "hello" server for wrk: a thread per connection reads each request's lines with
;; read-line 'return-linefeed up to the empty one, writes the response, and flushes only when
;; no more input is buffered, so pipelined requests are answered in one write.
;; Prints {"port":N,...} once listening; exits when stdin closes. Usage: racket http-server.rkt
(require "common.rkt")
(define response
  "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")

(define (serve in out)
  (let loop ()
    (define request-line (read-line in 'return-linefeed))
    (unless (eof-object? request-line)
      (let headers ()
        (define header (read-line in 'return-linefeed))
        (cond
          [(eof-object? header) (void)]
          [(string=? header "")
           (write-string response out)
           (unless (byte-ready? in) (flush-output out))
           (loop)]
          [else (headers)])))))

(serve-until-stdin-closes serve)
