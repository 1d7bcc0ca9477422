#!/usr/bin/python3
"""Make the vectors of FlaskSimpleAuth's own schemes, fsa:scrypt and fsa:otp,
the way FlaskSimpleAuth 35.5 does (FlaskSimpleAuth.py, PasswordManager.__fsa_init),
with Debian's python3-scrypt and python3-pyotp:

    /usr/bin/python3 internal/password/testdata/fsa_vectors.py > internal/password/testdata/fsa_vectors.json
"""
import base64, json, os
import scrypt, pyotp

CLEAR = "FlaskSimpleAuth!"

def fsa_scrypt(password, saltlength=16, maxtime=0.05):
    # FlaskSimpleAuth's ScryptPassProvider.hash
    salt = os.urandom(saltlength)
    clear = base64.a85encode(salt).decode("ascii") + CLEAR
    encrypted = scrypt.encrypt(clear, password, maxtime=maxtime)
    return base64.a85encode(encrypted).decode("ascii")

passwords = ["Hobbes-2024", "àéîõü-Ünicode-1", "", "W0r1d!"]
vectors = {"scrypt": [], "otp": []}
for pw in passwords:
    vectors["scrypt"].append({"password": pw, "hash": fsa_scrypt(pw)})
vectors["scrypt"].append({"password": "Hobbes-2024", "hash": fsa_scrypt("Hobbes-2024", saltlength=32, maxtime=0.01)})

# TOTP codes of FlaskSimpleAuth's test secrets (test_otp), at fixed times, with
# pyotp's defaults (SHA1, 6 digits, 30 s) and with options FlaskSimpleAuth passes on
secrets = ["XXFMZAQR5IFQLAWW3O2NY5EXI3GEYKOR", "6BJ6OS5EMTPEKJ4QBMLIWIGNUNRNNS55", "UG76RUVSRZ4SP6JKSYWPJDVPJPD6RLFS"]
for secret in secrets:
    for at in (59, 1111111109, 1765000000):
        vectors["otp"].append({"secret": secret, "time": at, "options": {}, "code": pyotp.TOTP(secret).at(at)})
vectors["otp"].append({"secret": secrets[0], "time": 1765000000, "options": {"digits": 8, "interval": 60},
                       "code": pyotp.TOTP(secrets[0], digits=8, interval=60).at(1765000000)})
import hashlib
vectors["otp"].append({"secret": secrets[1], "time": 1765000000, "options": {"digest": "sha256"},
                       "code": pyotp.TOTP(secrets[1], digest=hashlib.sha256).at(1765000000)})
print(json.dumps(vectors, indent=1, ensure_ascii=False))
