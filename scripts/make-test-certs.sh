#!/usr/bin/env bash
# Makes the TLS test certificates in fixtures/tls/ (committed; run again only to renew them,
# they last 3650 days). A private CA signs a server certificate (localhost, 127.0.0.1, ::1), a
# client certificate, a wrong-name one (wrong.example) and an expired one; a self-signed server
# certificate is signed by nobody. RSA keys throughout: Racket's ssl-load-private-key! takes
# RSA keys by default.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/tls"
days=3650
subj() { printf '/CN=%s' "$1"; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days $days \
  -subj "$(subj 'racket-net test CA')" 2>/dev/null

# name, CN, extensions
sign() {
  local name=$1 cn=$2 ext=$3 extra=${4:-}
  openssl req -newkey rsa:2048 -nodes -keyout "$name-key.pem" -out "$name.csr" \
    -subj "$(subj "$cn")" 2>/dev/null
  printf '%b' "$ext" >"$name.ext"
  # shellcheck disable=SC2086
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -out "$name.pem" -extfile "$name.ext" $extra 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
sign server localhost 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n' "-days $days"
sign client 'racket-net test client' 'extendedKeyUsage=clientAuth\n' "-days $days"
sign wrong-name wrong.example 'subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth\n' "-days $days"
# Expired: valid for a day that has passed.
openssl req -newkey rsa:2048 -nodes -keyout expired-key.pem -out expired.csr \
  -subj "$(subj localhost)" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >expired.ext
openssl x509 -req -in expired.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
  -out expired.pem -extfile expired.ext -not_before 20200101000000Z -not_after 20200102000000Z \
  2>/dev/null ||
  # openssl < 3.4 has no -not_before: sign with a CA request that backdates via -days 0 is not
  # possible, so use `openssl ca`'s -startdate/-enddate.
  {
    mkdir -p ca-db && : >ca-db/index.txt && echo 1000 >ca-db/serial
    cat >ca-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
CNF
    openssl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca-key.pem -in expired.csr \
      -out expired.pem -startdate 20200101000000Z -enddate 20200102000000Z \
      -extfile expired.ext -notext 2>/dev/null
    rm -rf ca-db
  }
rm -f expired.csr expired.ext
openssl req -x509 -newkey rsa:2048 -nodes -keyout self-signed-key.pem -out self-signed.pem \
  -days $days -subj "$(subj localhost)" \
  -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' 2>/dev/null
rm -f ca.srl
ls
