#lang racket/base
;; Micro-benchmarks of port operations and scheduling: the Racket CS side of src/bench/micro
;; (src/bench/micro/ops.ts is the racket-net side; the same operations, data and checks).
;; Usage: racket micro.rkt OP MS WARMUP-MS
;;   OP: read-line read-line-thread read-line-string write-string-thread read-byte read-bytes write-bytes sema channel
;; Runs OP for WARMUP-MS unmeasured, then for MS measured (the clock is read once per 256
;; operations) and prints one JSON line:
;;   {"value": ops/s, "count": ops measured, "ms": measured ms, "items": ops in all, "last": ...}
;; Every operation checks the data it moves and raises an error on the first mismatch.
(require racket/tcp)

(define args (current-command-line-arguments))
(define op (vector-ref args 0))
(define measure-ms (string->number (vector-ref args 1)))
(define warmup-ms (string->number (vector-ref args 2)))
(define (now) (current-inexact-milliseconds))

;; Lines are "line-NNNNNNNNNN\n" (16 bytes), cycling through 64 of them; byte k of the stream of
;; lines is (bytes-ref PATTERN (bitwise-and k 1023)).
(define KINDS 64)
(define MASK (sub1 KINDS))
(define LINE-TEXTS
  (for/vector ([i KINDS])
    (define digits (number->string i))
    (string-append "line-" (make-string (- 10 (string-length digits)) #\0) digits)))
(define LINES (for/vector ([s LINE-TEXTS]) (string-append s "\n")))
(define PATTERN (string->bytes/utf-8 (apply string-append (vector->list LINES))))
(define PATTERN-MASK (sub1 (bytes-length PATTERN)))
(define CHUNKS (for/vector ([i KINDS]) (subbytes PATTERN (* 16 i) (+ (* 16 i) 16))))
;; Written into the pipe at a time, untimed, before reading: 256 KiB of lines, or of bytes k & 255.
(define FILL-LINES 16384)
(define FILL-TEXT
  (apply string-append (for/list ([i (quotient FILL-LINES KINDS)]) (bytes->string/utf-8 PATTERN))))
(define FILL-BYTES (* 256 1024))
(define BYTE-FILL
  (let ([b (make-bytes FILL-BYTES)])
    (for ([k FILL-BYTES]) (bytes-set! b k (bitwise-and k 255)))
    b))
(define BATCH 256)
(define PIPE-LIMIT 4096)

;; The meter: operations and time, the warm-up apart.
(define warm? #f)
(define count 0)
(define ms 0.0)
(define items 0)
;; n more operations took dt ms; #t once the measured time is over.
(define (meter-add! n dt)
  (set! items (+ items n))
  (set! count (+ count n))
  (set! ms (+ ms dt))
  (cond
    [(and (not warm?) (>= ms warmup-ms))
     (set! warm? #t)
     (set! count 0)
     (set! ms 0.0)
     (<= measure-ms 0)]
    [else (and warm? (>= ms measure-ms))]))

(define (report last)
  (printf "{\"value\":~a,\"count\":~a,\"ms\":~a,\"items\":~a,\"last\":~a}\n"
          (if (> ms 0) (exact->inexact (/ (* count 1000) ms)) 0)
          count
          (exact->inexact ms)
          items
          (if (string? last) (format "~s" last) last)))

(define (mismatch who i got expected)
  (error who "operation ~a got ~e, expected ~e" i got expected))

;; Runs (batch! n) (BATCH operations from operation n, returning the last result) until the
;; measured time is over; returns the operations done and the last result.
(define (run-continuous batch!)
  (let loop ([n 0] [start (now)])
    (define last (batch! n))
    (define end (now))
    (if (meter-add! BATCH (- end start))
        (values (+ n BATCH) last)
        (loop (+ n BATCH) end))))

;; The same over data written beforehand: (fill!) untimed, then per-fill operations in batches.
(define (run-buffered fill! per-fill batch!)
  (let fill-loop ([n 0])
    (fill!)
    (let loop ([b 0] [n n])
      (if (= b per-fill)
          (fill-loop n)
          (let* ([start (now)] [last (batch! n)])
            (if (meter-add! BATCH (- (now) start))
                (values (+ n BATCH) last)
                (loop (+ b BATCH) (+ n BATCH))))))))

(define (read-line-batch who in)
  (lambda (n)
    (for/fold ([last #f]) ([k (in-range n (+ n BATCH))])
      (define line (read-line in 'linefeed))
      (define expected (vector-ref LINE-TEXTS (bitwise-and k MASK)))
      (unless (and (string? line) (string=? line expected)) (mismatch who k line expected))
      line)))

;; Checks bytes [0, n) of buf, read at stream offset `offset` of the stream of lines.
(define (check-stream who buf n offset)
  (define first (bytes-ref PATTERN (bitwise-and offset PATTERN-MASK)))
  (define final (bytes-ref PATTERN (bitwise-and (+ offset n -1) PATTERN-MASK)))
  (unless (and (= (bytes-ref buf 0) first) (= (bytes-ref buf (sub1 n)) final))
    (mismatch who offset (list (bytes-ref buf 0) (bytes-ref buf (sub1 n))) (list first final))))

;; A thread reading `in` to EOF in 64 KiB reads, checking the stream; (wait) gives the bytes read
;; (or raises what the reader raised; the reader then closes `in` so that writers go on).
(define (drain who in)
  (define total 0)
  (define failure #f)
  (define t
    (thread (lambda ()
              (with-handlers ([exn:fail? (lambda (e) (set! failure e) (close-input-port in))])
                (define buf (make-bytes 65536))
                (let loop ()
                  (define n (read-bytes-avail! buf in))
                  (unless (eof-object? n)
                    (check-stream who buf n total)
                    (set! total (+ total n))
                    (loop)))))))
  (lambda ()
    (thread-wait t)
    (when failure (raise failure))
    total))

(define (read-line-buffered)
  (define-values (in out) (make-pipe))
  (define-values (n last)
    (run-buffered (lambda () (write-string FILL-TEXT out)) FILL-LINES (read-line-batch 'read-line in)))
  last)

(define (read-line-string)
  (define in #f)
  (define-values (n last)
    (run-buffered (lambda () (set! in (open-input-string FILL-TEXT)))
                  FILL-LINES
                  (lambda (n) ((read-line-batch 'read-line-string in) n))))
  last)

(define (read-line-thread)
  (define-values (in out) (make-pipe PIPE-LIMIT))
  (define producer
    (thread (lambda ()
              (let loop ([i 0])
                (write-string (vector-ref LINES (bitwise-and i MASK)) out)
                (loop (add1 i))))))
  (define-values (n last) (run-continuous (read-line-batch 'read-line-thread in)))
  (kill-thread producer)
  last)

(define (write-string-thread)
  (define-values (in out) (make-pipe PIPE-LIMIT))
  (define wait (drain 'write-string-thread in))
  (define-values (n last)
    (run-continuous (lambda (n)
                      (for ([k (in-range n (+ n BATCH))])
                        (write-string (vector-ref LINES (bitwise-and k MASK)) out)))))
  (close-output-port out)
  (define got (wait))
  (unless (= got (* 16 n)) (mismatch 'write-string-thread n got (* 16 n)))
  got)

(define (read-byte-buffered)
  (define-values (in out) (make-pipe))
  (define-values (n last)
    (run-buffered (lambda () (write-bytes BYTE-FILL out))
                  FILL-BYTES
                  (lambda (n)
                    (for/fold ([last #f]) ([k (in-range n (+ n BATCH))])
                      (define b (read-byte in))
                      (unless (eqv? b (bitwise-and k 255)) (mismatch 'read-byte k b (bitwise-and k 255)))
                      b))))
  last)

(define (read-bytes-buffered)
  (define-values (in out) (make-pipe))
  (define-values (n last)
    (run-buffered (lambda () (write-bytes BYTE-FILL out))
                  (quotient FILL-BYTES 16)
                  (lambda (n)
                    (for/fold ([last #f]) ([k (in-range n (+ n BATCH))])
                      (define bs (read-bytes 16 in))
                      (define first (bitwise-and (* 16 k) 255))
                      (unless (and (bytes? bs)
                                   (= (bytes-length bs) 16)
                                   (= (bytes-ref bs 0) first)
                                   (= (bytes-ref bs 15) (+ first 15)))
                        (mismatch 'read-bytes k bs first))
                      first))))
  last)

;; write-bytes of 16 bytes into a TCP output port in 'block mode (its default: a 4096-byte
;; buffer, sent when full); a thread reads the other end on loopback.
(define (write-bytes-block)
  (define l (tcp-listen 0 4 #t "127.0.0.1"))
  (define-values (a port b c) (tcp-addresses l #t))
  (define-values (ci co) (tcp-connect "127.0.0.1" port))
  (define-values (si so) (tcp-accept l))
  (define wait (drain 'write-bytes si))
  (define-values (n last)
    (run-continuous (lambda (n)
                      (for ([k (in-range n (+ n BATCH))])
                        (write-bytes (vector-ref CHUNKS (bitwise-and k MASK)) co)))))
  (flush-output co)
  (close-output-port co)
  (define got (wait))
  (close-input-port si)
  (close-input-port ci)
  (close-output-port so)
  (tcp-close l)
  (unless (= got (* 16 n)) (mismatch 'write-bytes n got (* 16 n)))
  got)

(define (sema)
  (define s (make-semaphore 0))
  (define-values (n last)
    (run-continuous (lambda (n)
                      (for ([k (in-range n (+ n BATCH))])
                        (semaphore-post s)
                        (define v (sync s))
                        (unless (eq? v s) (mismatch 'sema k v s))))))
  n)

(define (channel)
  (define requests (make-channel))
  (define replies (make-channel))
  (define echo
    (thread (lambda ()
              (let loop ()
                (channel-put replies (add1 (channel-get requests)))
                (loop)))))
  (define-values (n last)
    (run-continuous (lambda (n)
                      (for/fold ([last #f]) ([k (in-range n (+ n BATCH))])
                        (channel-put requests k)
                        (define v (channel-get replies))
                        (unless (eqv? v (add1 k)) (mismatch 'channel k v (add1 k)))
                        v))))
  (kill-thread echo)
  last)

(define OPS
  (hash "read-line" read-line-buffered
        "read-line-thread" read-line-thread
        "read-line-string" read-line-string
        "write-string-thread" write-string-thread
        "read-byte" read-byte-buffered
        "read-bytes" read-bytes-buffered
        "write-bytes" write-bytes-block
        "sema" sema
        "channel" channel))

(define run (hash-ref OPS op (lambda () (raise-user-error 'micro "unknown operation: ~a" op))))
(report (run))
