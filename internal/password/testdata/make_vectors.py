#!/usr/bin/env python3
"""Make migrated.json: hashes of passlib 1.7.4 and werkzeug 3.x, the test
vectors of internal/password/migrated.go.

    python3 internal/password/testdata/make_vectors.py

runs itself with PASSLIB_PYTHON (default /usr/bin/python3, which has
passlib) and WERKZEUG_PYTHON (default python3, which has werkzeug), then
writes migrated.json next to this file. Each vector is checked with the
library that made it: verify() of the password is true, of the password
plus "x" false. Its "scheme" is fsa-go's canonical name; "default" tells a
hash made with the library's default costs.
"""

import json
import os
import subprocess
import sys

PASSWORDS = ["Hobbes-2024", "àéîõü-Ünicode-1", ""]


def vector(scheme, handler, password, hash, note, default=False):
    assert handler(password, hash), (scheme, note, password, hash)
    assert not handler(password + "x", hash), (scheme, note, password, hash)
    return {"scheme": scheme, "password": password, "hash": hash, "note": note, "default": default}


def passlib_vectors():
    import passlib
    from passlib import hash as ph

    out = []
    lib = "passlib " + passlib.__version__

    def add(scheme, handler, password, hash, note, default=False):
        out.append(vector(scheme, handler.verify, password, hash, lib + ": " + note, default))

    for scheme, h in [("sha256_crypt", ph.sha256_crypt), ("sha512_crypt", ph.sha512_crypt)]:
        add(scheme, h, PASSWORDS[0], h.hash(PASSWORDS[0]), "default rounds", True)
        for pw in PASSWORDS:
            add(scheme, h, pw, h.using(rounds=1000).hash(pw), "rounds=1000")
        add(scheme, h, PASSWORDS[1], h.using(rounds=5000).hash(PASSWORDS[1]), "rounds 5000, implicit")
        explicit = h.from_string(h.using(rounds=5000).hash(PASSWORDS[0]))
        explicit.implicit_rounds = False  # as glibc writes it when told
        add(scheme, h, PASSWORDS[0], explicit.to_string(), "rounds=5000, explicit")
        add(scheme, h, PASSWORDS[0], h.using(rounds=1000, salt_size=0).hash(PASSWORDS[0]), "empty salt")
        add(scheme, h, PASSWORDS[0], h.using(rounds=1000, salt_size=3).hash(PASSWORDS[0]), "salt of 3")
        add(scheme, h, "x" * 100, h.using(rounds=1000).hash("x" * 100), "100 bytes")

    for scheme, h in [("pbkdf2_sha256", ph.pbkdf2_sha256), ("pbkdf2_sha512", ph.pbkdf2_sha512)]:
        add(scheme, h, PASSWORDS[0], h.hash(PASSWORDS[0]), "default rounds", True)
        for pw in PASSWORDS:
            add(scheme, h, pw, h.using(rounds=1000).hash(pw), "rounds=1000")
        add(scheme, h, PASSWORDS[0], h.using(rounds=1, salt_size=0).hash(PASSWORDS[0]), "1 round, empty salt")
        add(scheme, h, PASSWORDS[1], h.using(rounds=10, salt_size=1024).hash(PASSWORDS[1]), "salt of 1024 bytes")
        add(scheme, h, PASSWORDS[0], h.using(rounds=10, salt_size=7).hash(PASSWORDS[0]), "salt of 7 bytes")

    h = ph.bcrypt_sha256
    add("bcrypt_sha256", h, PASSWORDS[0], h.hash(PASSWORDS[0]), "default rounds, version 2", True)
    for pw in PASSWORDS:
        add("bcrypt_sha256", h, pw, h.using(rounds=4).hash(pw), "rounds=4, version 2")
    long = "é" * 50 + "-tail"  # 105 bytes: over bcrypt's 72
    add("bcrypt_sha256", h, long, h.using(rounds=4).hash(long), "105 bytes, version 2")
    add("bcrypt_sha256", h, long[:-1], h.using(rounds=4).hash(long[:-1]), "104 bytes, version 2")
    for ident in ["2a", "2b"]:
        for pw in PASSWORDS[:2]:
            add("bcrypt_sha256", h, pw, h.using(version=1, ident=ident, rounds=4).hash(pw),
                "rounds=4, version 1, " + ident)

    h = ph.scrypt
    add("passlib:scrypt", h, PASSWORDS[0], h.hash(PASSWORDS[0]), "default ln, r, p", True)
    for pw in PASSWORDS:
        add("passlib:scrypt", h, pw, h.using(rounds=4).hash(pw), "ln=4")
    add("passlib:scrypt", h, PASSWORDS[1], h.using(rounds=5, block_size=4, parallelism=3).hash(PASSWORDS[1]),
        "ln=5, r=4, p=3")
    add("passlib:scrypt", h, PASSWORDS[0], h.using(rounds=1, block_size=1, salt_size=0).hash(PASSWORDS[0]),
        "ln=1, r=1, empty salt")
    return out


def werkzeug_vectors():
    import importlib.metadata
    import werkzeug.security as ws

    out = []
    lib = "werkzeug " + importlib.metadata.version("werkzeug")

    def add(password, hash, note, default=False):
        out.append(vector("werkzeug", lambda pw, h: ws.check_password_hash(h, pw), password, hash,
                          lib + ": " + note, default))

    add(PASSWORDS[0], ws.generate_password_hash(PASSWORDS[0]), "default method", True)
    add(PASSWORDS[1], ws.generate_password_hash(PASSWORDS[1], "pbkdf2"), "pbkdf2, its default", True)
    for pw in PASSWORDS:
        add(pw, ws.generate_password_hash(pw, "scrypt:1024:8:1"), "scrypt:1024:8:1")
        add(pw, ws.generate_password_hash(pw, "pbkdf2:sha256:1000"), "pbkdf2:sha256:1000")
    for method in ["pbkdf2:sha512:1000", "pbkdf2:sha1:1000", "pbkdf2:sha224:10", "pbkdf2:sha384:10",
                   "scrypt:16:2:3", "scrypt:32:4:2"]:
        add(PASSWORDS[1], ws.generate_password_hash(PASSWORDS[1], method), method)
    add(PASSWORDS[0], ws.generate_password_hash(PASSWORDS[0], "pbkdf2:sha256:1000", salt_length=1), "salt of 1")
    add(PASSWORDS[0], ws.generate_password_hash(PASSWORDS[0], "scrypt:64:2:3", salt_length=100), "salt of 100")
    # Short methods, which werkzeug reads with its defaults but never writes.
    for method, note in [("scrypt", "short scrypt"), ("pbkdf2:sha256", "short pbkdf2:sha256")]:
        salt = ws.gen_salt(16)
        key, _ = ws._hash_internal(method, salt, PASSWORDS[0])
        add(PASSWORDS[0], method + "$" + salt + "$" + key, note)
    return out


def main():
    if sys.argv[1:] == ["--passlib"]:
        json.dump(passlib_vectors(), sys.stdout)
        return
    if sys.argv[1:] == ["--werkzeug"]:
        json.dump(werkzeug_vectors(), sys.stdout)
        return
    here = os.path.dirname(os.path.abspath(__file__))
    vectors = []
    for python, part in [(os.environ.get("PASSLIB_PYTHON", "/usr/bin/python3"), "--passlib"),
                         (os.environ.get("WERKZEUG_PYTHON", "python3"), "--werkzeug")]:
        res = subprocess.run([python, os.path.abspath(__file__), part], check=True, capture_output=True)
        vectors += json.loads(res.stdout)
    with open(os.path.join(here, "migrated.json"), "w", encoding="utf-8") as f:
        json.dump(vectors, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(vectors)} vectors", file=sys.stderr)


if __name__ == "__main__":
    main()
