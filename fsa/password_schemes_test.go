package fsa_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/pquerna/otp/totp"
)

// store is a user table of password hashes, as an app keeps one, counting
// its reads.
type store struct {
	mu     sync.Mutex
	hashes map[string]string
	reads  int
}

func (s *store) get(_ context.Context, login string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	return s.hashes[login], nil
}

func (s *store) hash(login string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hashes[login]
}

// TestPasswordSchemeList checks FSA_PASSWORD_SCHEME as a list: new hashes
// in the first scheme, old ones verified in any, and PasswordRehash
// storing the new hash of a user whose hash is of an older scheme.
func TestPasswordSchemeList(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(t, &logs, "FSA_AUTH", "basic", "FSA_PASSWORD_SCHEME", []string{"bcrypt", "fsa:scrypt", "plaintext"},
		"FSA_PASSWORD_OPTS", map[string]any{"rounds": 4, "fsa:scrypt__ln": 10})
	bcryptHash, err := app.HashPassword("Hobbes-2024")
	if err != nil || !strings.HasPrefix(bcryptHash, "$2b$04$") {
		t.Fatalf("HashPassword = %q, %v, want a cost-4 bcrypt hash", bcryptHash, err)
	}
	// a scrypt hash of FlaskSimpleAuth (internal/password/testdata/fsa_vectors.json)
	const scryptHash = `F(969E-)'i!!!!)!!!!"J)2_=PbajVT6\*\r3:OfWL9eS!Vl(@d$1>s/.uJ5?>LOT*Pl/WbY?` + "`" +
		`+W!sXe<u)AtO6&.nQbrOoq4#1W^smMsG\]W/=CoE,a+F:LC+spB2@Q=+M>T*Eaq,]7L` + "`" +
		`F?:2?D"1/,nPV(f#AtL'ufPCDioW/<).IOh'kg>V5Au` + "`" + `Z36WF>>pRY-^F):YPX;`
	users := &store{hashes: map[string]string{"calvin": bcryptHash, "susie": scryptHash, "hobbes": "Susie-2024", "moe": "$argon2id$v=19$m=1000,t=1,p=1$Be20+apcCFaATE8xH8YJ8Q$unrKSHCEncLv2GPA3H8r1Q"}}
	app.GetUserPass(users.get)
	rehashed := map[string]string{}
	app.PasswordRehash(func(_ context.Context, login, hash string) error {
		if login == "moe" {
			return errors.New("database is read-only")
		}
		rehashed[login] = hash
		users.mu.Lock()
		users.hashes[login] = hash
		users.mu.Unlock()
		return nil
	})
	fsa.Get(app, "/me", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.User(), nil })
	c := client(t, app)
	c.Run(t, []fsatest.Case{
		{Name: "bcrypt, the first scheme", Path: "/me", Auth: fsatest.Basic("calvin", "Hobbes-2024"), WantStatus: 200},
		{Name: "bcrypt, wrong", Path: "/me", Auth: fsatest.Basic("calvin", "Hobbes-2025"), WantStatus: 401},
		{Name: "fsa:scrypt", Path: "/me", Auth: fsatest.Basic("susie", "Hobbes-2024"), WantStatus: 200},
		{Name: "plaintext", Path: "/me", Auth: fsatest.Basic("hobbes", "Susie-2024"), WantStatus: 200},
		{Name: "plaintext, wrong", Path: "/me", Auth: fsatest.Basic("hobbes", "Susie-2024x"), WantStatus: 401},
		{Name: "argon2id verifies whatever the schemes", Path: "/me", Auth: fsatest.Basic("moe", "Hobbes-2024"), WantStatus: 200},
	})
	if _, ok := rehashed["calvin"]; ok {
		t.Error("calvin's hash, of the first scheme, was rehashed")
	}
	for _, login := range []string{"susie", "hobbes"} {
		if !strings.HasPrefix(rehashed[login], "$2b$04$") || users.hash(login) != rehashed[login] {
			t.Errorf("%s: rehashed %q, stored %q, want a cost-4 bcrypt hash stored", login, rehashed[login], users.hash(login))
		}
	}
	if !strings.Contains(logs.String(), "PasswordRehash failed") || !strings.Contains(logs.String(), "read-only") ||
		strings.Contains(logs.String(), "Hobbes-2024") {
		t.Errorf("logs %q: want the hook's failure, never the password", logs.String())
	}

	// the new hashes are read again (the cached ones forgotten) and work;
	// the old password of hobbes is its hash no more
	reads := users.reads
	c.Run(t, []fsatest.Case{
		{Name: "susie after the rehash", Path: "/me", Auth: fsatest.Basic("susie", "Hobbes-2024"), WantStatus: 200},
		{Name: "hobbes after the rehash", Path: "/me", Auth: fsatest.Basic("hobbes", "Susie-2024"), WantStatus: 200},
		{Name: "hobbes's hash is no password", Path: "/me", Auth: fsatest.Basic("hobbes", users.hash("hobbes")), WantStatus: 401},
	})
	if users.reads == reads {
		t.Error("GetUserPass was not called again after the rehash: the cached hash was kept")
	}
	if len(rehashed) != 2 {
		t.Errorf("rehashed %v, want susie and hobbes once", rehashed)
	}
}

// TestOTPPasswords checks FSA_PASSWORD_SCHEME "otp": the stored value is
// the secret, the password the current code, each code accepted once.
func TestOTPPasswords(t *testing.T) {
	now := time.Unix(1765000000, 0)
	const secret = "6BJ6OS5EMTPEKJ4QBMLIWIGNUNRNNS55"
	app := fsatest.NewApp(t, "otp", append(fsatest.Directives("FSA_AUTH", "basic", "FSA_PASSWORD_SCHEME", "otp"),
		fsa.Clock(func() time.Time { return now }))...)
	app.GetUserPass(func(_ context.Context, login string) (string, error) {
		return map[string]string{"calvin": secret}[login], nil
	})
	fsa.Get(app, "/me", fsa.Auth, func(c *fsa.Context, _ none) (any, error) { return c.User(), nil })
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := client(t, app)
	c.Run(t, []fsatest.Case{
		{Name: "current code", Path: "/me", Auth: fsatest.Basic("calvin", code(now)), WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "replayed code", Path: "/me", Auth: fsatest.Basic("calvin", code(now)), WantStatus: 401,
			WantExact: fsatest.String("invalid user or password")},
		{Name: "previous code, older than the one used", Path: "/me", Auth: fsatest.Basic("calvin", code(now.Add(-30*time.Second))), WantStatus: 401},
		{Name: "next code", Path: "/me", Auth: fsatest.Basic("calvin", code(now.Add(30*time.Second))), WantStatus: 200},
		{Name: "a code far ahead", Path: "/me", Auth: fsatest.Basic("calvin", code(now.Add(10*time.Minute))), WantStatus: 401},
		{Name: "the secret is no password", Path: "/me", Auth: fsatest.Basic("calvin", secret), WantStatus: 401},
		{Name: "unknown user", Path: "/me", Auth: fsatest.Basic("hobbes", code(now)), WantStatus: 401},
	})
	if hash, err := app.HashPassword(secret); hash != secret || err != nil {
		t.Errorf("HashPassword(secret) = %q, %v, want the secret", hash, err)
	}
}

// TestNewOTP checks the OTP checker of a second factor.
func TestNewOTP(t *testing.T) {
	now := time.Unix(1765000000, 0)
	app := fsatest.NewApp(t, "otp", fsa.Clock(func() time.Time { return now }))
	otp, err := app.NewOTP(map[string]any{"digits": 8})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "UG76RUVSRZ4SP6JKSYWPJDVPJPD6RLFS"
	code, err := totp.GenerateCodeCustom(secret, now, totp.ValidateOpts{Period: 30, Digits: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !otp.Check(secret, code) || otp.Check(secret, code) {
		t.Error("a code must be accepted once")
	}
	if otp.Check(secret, code[:6]) || otp.Check("$2b$04$n0UK/z8/udDStXte0AHE4.fInniw5L2TG.j7k1XIxVhZZ8UsAqvki", code) {
		t.Error("a 6-digit code or a bcrypt hash as secret accepted")
	}
	if _, err := app.NewOTP(map[string]any{"digits": 7}); err == nil || err.Error() != `otp: option "digits" must be 6 or 8` {
		t.Errorf("NewOTP with 7 digits: %v", err)
	}
}
