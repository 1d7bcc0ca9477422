package fsa

import (
	"strconv"
	"testing"
)

// TestPasswordDirectives checks that an invalid option of the password
// hasher is an error naming its directive, through New where the
// configuration lets it pass (FSA_PASSWORD_SCHEME and FSA_PASSWORD_RE are
// refused when loaded, so newPasswords is called with them directly).
func TestPasswordDirectives(t *testing.T) {
	tests := []struct {
		scheme string
		opts   map[string]any
		re     []string
		want   string
	}{
		{"bcrypt", map[string]any{"x": int64(1)}, nil, `FSA_PASSWORD_OPTS: unexpected option "x" for bcrypt`},
		{"bcrypt", map[string]any{"rounds": "4"}, nil, `FSA_PASSWORD_OPTS: option "rounds" must be an integer, not str`},
		{"argon2", map[string]any{"time_cost": int64(17)}, nil, `FSA_PASSWORD_OPTS: option "time_cost" must be from 1 to 16, not 17`},
		{"argon2", map[string]any{"memory_cost": int64(15), "parallelism": int64(2)}, nil, `FSA_PASSWORD_OPTS: option "memory_cost" must be at least 8 times "parallelism" (16), not 15`},
		{"plaintext", map[string]any{"rounds": int64(4)}, nil, `FSA_PASSWORD_OPTS: unexpected option "rounds" for plaintext`},
		{"md5_crypt", nil, nil, `FSA_PASSWORD_SCHEME: unexpected password scheme "md5_crypt": want bcrypt, argon2, scrypt, plaintext, otp, sha256_crypt, sha512_crypt, pbkdf2_sha256, pbkdf2_sha512, bcrypt_sha256 or werkzeug`},
		{"bcrypt", map[string]any{"rounds": int64(4)}, []string{"[A-Z]", "("}, "FSA_PASSWORD_RE: error parsing regexp: missing closing ): `(`"},
	}
	for i, tt := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			c := defaultConfig()
			c.PasswordScheme = []string{tt.scheme}
			c.PasswordOpts = tt.opts
			c.PasswordRE = tt.re
			p, err := newPasswords(&c, nil)
			if err == nil || err.Error() != "configuration: "+tt.want || p != nil {
				t.Errorf("newPasswords(%s, %v, %v) = %v, %v, want %s", tt.scheme, tt.opts, tt.re, p, err, tt.want)
			}
		})
	}

	for _, tt := range tests[:5] {
		_, err := New("test", LookupEnv(nil), Set("FSA_PASSWORD_SCHEME", tt.scheme), Set("FSA_PASSWORD_OPTS", tt.opts))
		// the directive's place: Set in code is an option
		if want := "fsa: configuration of test: option: " + tt.want; err == nil || err.Error() != want {
			t.Errorf("New with %s %v: %v, want %s", tt.scheme, tt.opts, err, want)
		}
	}
}
