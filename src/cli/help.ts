/** The `--help` texts of `rnet` and each of its commands. */

export const MAIN_HELP = `rnet: netcat built on racket-net (Racket's networking for Node.js)

usage: rnet COMMAND [OPTIONS] ...

commands:
  connect [--udp] HOST PORT              connect; stdin to the peer, the peer to stdout
  listen [--udp] [--host H] [--keep] PORT
                                         wait for a connection and bridge it (like nc -l)
  echo [--udp] [--host H] PORT           concurrent echo server; Ctrl-C stops it
  (connect, listen and echo take --unix PATH instead of HOST PORT: a unix socket, like nc -U)
  (connect --tls, and listen/echo --tls --cert C --key K: TLS, like ncat --ssl)
  demo                                   a short tour of racket-net on loopback
  bench [--small] [--runs N]             benchmark against raw Node and Racket CS

Run "rnet COMMAND --help" for details. Failures print one line and exit 1
(usage mistakes exit 2).
`;

export const CONNECT_HELP = `usage: rnet connect [--udp] [--wait SECS] HOST PORT
       rnet connect --unix PATH
       rnet connect --tls [--cafile PATH | --insecure] [--alpn P1,P2] HOST PORT

Connects to HOST:PORT (or to the unix socket PATH) and copies stdin to the connection and
the connection to stdout.

TCP and --unix: at the end of stdin the output side is closed (a half-close: the peer sees
EOF) and whatever the peer still sends is printed until it closes its side; then rnet exits 0.

UDP (--udp): each line of stdin is sent as one datagram; datagrams that come back are
printed. rnet exits --wait SECS (default 1) after the end of stdin.

TLS (--tls): the server's certificate is verified against the system's certificate
authorities (--cafile PATH: against the certificates in PATH instead) and must name HOST;
--insecure checks nothing (Racket's 'auto). --alpn offers protocols and prints the one the
server chose ("alpn: h2", or "alpn: none") on stderr. At the end of stdin rnet sends TLS's
close_notify and a FIN, and keeps printing what the server sends until it closes.

Failures (connection refused, unknown host, bad port, a certificate that does not verify)
print one line and exit 1.
`;

export const LISTEN_HELP = `usage: rnet listen [--udp] [--host H] [--keep] PORT
       rnet listen [--keep] --unix PATH
       rnet listen --tls --cert PATH --key PATH [--alpn P1,P2] [--host H] [--keep] PORT

Listens on PORT (0 picks a free port) on host H (default: all addresses) and prints
"listening on HOST:PORT" on stderr once ready. With --unix, listens on the unix socket PATH
(which must not exist; it is removed when rnet exits) and prints "listening on PATH".

TCP: accepts one connection and bridges it like "rnet connect" (stdin to the peer, the
peer to stdout, half-close at the end of stdin), then exits 0. With --keep, accepts the
next connection when one ends, until Ctrl-C.

UDP (--udp): prints every datagram that arrives, until Ctrl-C.

TLS (--tls): each connection is a TLS server handshake with the certificate chain --cert
and the private key --key (PEM); --alpn sets the protocols the server accepts. A failed
handshake prints one line: without --keep rnet then exits 1, with --keep it goes on.
`;

export const ECHO_HELP = `usage: rnet echo [--udp] [--host H] PORT
       rnet echo --unix PATH
       rnet echo --tls --cert PATH --key PATH [--alpn P1,P2] [--host H] PORT

A concurrent echo server on PORT (0 picks a free port) on host H (default: all addresses);
prints "listening on HOST:PORT" on stderr once ready. With --unix, on the unix socket PATH
(which must not exist; it is removed when rnet exits), printing "listening on PATH".

TCP and --unix: each connection is served in its own racket-net thread under its own custodian; its
echo closes the output when the client closes its own (half-close).
UDP (--udp): each datagram is sent back to where it came from.
TLS (--tls, --cert, --key, --alpn as for "rnet listen"): each connection's handshake happens
in its own thread; one that fails prints one line and the server goes on.

Ctrl-C breaks the server's main thread, shuts its custodian down (closing the listener and
every connection), prints "connections N, bytes M" (UDP: "datagrams N, bytes M") on stderr
and exits 0.
`;

export const DEMO_HELP = `usage: rnet demo

A short, self-contained tour of racket-net on loopback (127.0.0.1), printing a transcript:
a TCP echo with a half-close, a UDP round trip, and one sync over an accept, a read, a
datagram and a timeout. Exits 0. This is what "npm start" runs.
`;
