package fsa

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// cacheKey is "t." and the SHA-256 of the configuration, realm and token.
func (t *tokens) cacheKey(token, realm string) string {
	var buf [256]byte // the usual token fits: no allocation for the input
	in := append(append(append(append(buf[:0], t.keyID...), realm...), 0), token...)
	sum := sha256.Sum256(in)
	var key strings.Builder
	key.Grow(len(t.keyPrefix) + 2 + 2*sha256.Size)
	key.WriteString(t.keyPrefix)
	key.WriteString("t.")
	var hexSum [2 * sha256.Size]byte
	hex.Encode(hexSum[:], sum[:])
	key.Write(hexSum[:])
	return key.String()
}

// encodeTokenInfo and decodeTokenInfo write a tokenInfo for the cache:
// expiry, issue time (0: none), the revocation key's and the user's
// lengths and bytes, then the scopes separated by spaces.
func encodeTokenInfo(info tokenInfo) []byte {
	b := binary.AppendVarint(nil, info.expires.Unix())
	var issued int64
	if !info.issued.IsZero() {
		issued = info.issued.Unix()
	}
	b = binary.AppendVarint(b, issued)
	for _, s := range []string{info.revokeKey, info.user} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return append(b, strings.Join(info.scopes, " ")...)
}

func decodeTokenInfo(b []byte) (tokenInfo, bool) {
	var times [2]int64
	for i := range times {
		v, n := binary.Varint(b)
		if n <= 0 {
			return tokenInfo{}, false
		}
		times[i], b = v, b[n:]
	}
	var strs [2]string
	for i := range strs {
		size, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < size {
			return tokenInfo{}, false
		}
		strs[i], b = string(b[n:n+int(size)]), b[n+int(size):]
	}
	info := tokenInfo{expires: time.Unix(times[0], 0), revokeKey: strs[0], user: strs[1], scopes: strings.Fields(string(b))}
	if times[1] != 0 {
		info.issued = time.Unix(times[1], 0)
	}
	return info, true
}

// encodeLastToken and decodeLastToken write the token CreateToken gives
// again, with what it says: the length of its encoded tokenInfo, that,
// and the token.
func encodeLastToken(token string, info tokenInfo) []byte {
	enc := encodeTokenInfo(info)
	return append(append(binary.AppendUvarint(nil, uint64(len(enc))), enc...), token...)
}

func decodeLastToken(b []byte) (string, tokenInfo, bool) {
	size, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < size {
		return "", tokenInfo{}, false
	}
	info, ok := decodeTokenInfo(b[n : n+int(size)])
	return string(b[n+int(size):]), info, ok
}

// tokenMemo remembers the valid tokens this process has checked, keyed by
// the token itself, in front of the cache: a check is a function of the
// token, the realm and the configuration, so a memo of it never goes stale
// but for the expiry, which is checked on every use. It holds at most
// maxTokenMemo tokens, and forgets them all when full.
//
// With a shared store (keysOnly), it remembers the token's cache key, a
// function of the token, realm and configuration that never goes stale
// either, and the value last read: the check itself is read from the store
// every time, so that an uncache on another instance reaches this one; the
// memo spares the hash, and the decoding while the store's value is the
// same.
type tokenMemo struct {
	m        sync.Map // token -> *memoEntry
	size     atomic.Int64
	keysOnly bool
}

type memoEntry struct {
	realm string
	info  tokenInfo // keysOnly: what raw decodes to
	key   string    // the cache key, with keysOnly
	raw   string    // the store's value, with keysOnly
}

const maxTokenMemo = 1 << 14

func (m *tokenMemo) get(token, realm string) (*memoEntry, bool) {
	if m == nil {
		return nil, false
	}
	if v, ok := m.m.Load(token); ok {
		if e := v.(*memoEntry); e.realm == realm {
			return e, true
		}
	}
	return nil, false
}

func (m *tokenMemo) put(token string, e *memoEntry) {
	if m == nil {
		return
	}
	if m.size.Add(1) > maxTokenMemo {
		m.m.Clear()
		m.size.Store(1)
	}
	m.m.Store(strings.Clone(token), e)
}

// forget removes a token, or every token when token is "".
func (m *tokenMemo) forget(token string) {
	if m == nil {
		return
	}
	if token == "" {
		m.m.Clear()
		m.size.Store(0)
	} else if _, ok := m.m.LoadAndDelete(token); ok {
		m.size.Add(-1)
	}
}
