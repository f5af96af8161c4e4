#!/usr/bin/env bash
# A test PKI made with openssl alone (Debian's openssl 3.0 sets validity dates only through `ca`):
#   pki.sh DIR NAME KIND ISSUER FROM TO USAGE [SERIAL]
# makes DIR/NAME.key.pem and DIR/NAME.cert.pem. KIND: ec (P-256), ec384 (P-384) or rsa (2048 bits).
# ISSUER: "self" for a root, or the NAME of a certificate made before in DIR. FROM/TO: dates as
# YYYYMMDDhhmmssZ. USAGE: ca (a CA: basicConstraints cA, keyCertSign), sign (an end entity with
# digitalSignature) or encipher (an end entity with keyEncipherment only). SERIAL: hex, optional.
# PKI_LABEL (default TEST) goes into the subject names.
set -euo pipefail
dir=$1 name=$2 kind=$3 issuer=$4 from=$5 to=$6 usage=$7 serial=${8:-}
mkdir -p "$dir/ca"
cd "$dir"
case $kind in
  ec) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key.pem" ;;
  ec384) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$name.key.pem" ;;
  rsa) openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem" ;;
  *) echo "unknown kind $kind" >&2; exit 2 ;;
esac
[ -f ca/index.txt ] || : > ca/index.txt
[ -n "$serial" ] || serial=$(openssl rand -hex 8)
echo "$serial" > ca/serial
cat > ca/openssl.cnf <<EOF
[ca]
default_ca = test
[test]
database = ca/index.txt
new_certs_dir = ca
serial = ca/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
organizationName = optional
countryName = optional
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[sign_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
[encipher_ext]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
EOF
label=${PKI_LABEL:-TEST}
openssl req -new -key "$name.key.pem" -subj "/CN=$name ($label)/O=eco-validator $label PKI" -out ca/req.pem
if [ "$issuer" = self ]; then
  openssl ca -batch -notext -selfsign -config ca/openssl.cnf -keyfile "$name.key.pem" \
    -startdate "$from" -enddate "$to" -extensions "${usage}_ext" -in ca/req.pem -out "$name.cert.pem" 2>/dev/null
else
  openssl ca -batch -notext -config ca/openssl.cnf -keyfile "$issuer.key.pem" -cert "$issuer.cert.pem" \
    -startdate "$from" -enddate "$to" -extensions "${usage}_ext" -in ca/req.pem -out "$name.cert.pem" 2>/dev/null
fi
