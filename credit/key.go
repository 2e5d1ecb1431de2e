package credit

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"time"
)

// KeyLength is the length of an idempotency key in hexadecimal digits: the
// first 128 bits of a SHA-256 digest.
const KeyLength = 32

// keyVersion names the canonical encoding; a change of encoding changes it
// (and so every key).
const keyVersion = "postmortem/credit-key/v1"

// Key returns the idempotency key of the credit of subscription sub for
// the window [start, end) under version version of policy policy, caused
// by the given incidents: the first KeyLength hexadecimal digits of the
// SHA-256 digest of a canonical encoding of
//
//	keyVersion, policy, version, start (UTC, RFC 3339 with nanoseconds),
//	end (likewise), sub, and the incident IDs sorted and deduplicated,
//
// each written as its length in bytes (unsigned varint) followed by its
// bytes, so that no two different inputs share an encoding. The key does
// not depend on the zone the window is written in, on the order of the
// incidents, or on the amount: a corrected re-run of the same window yields
// the same key, which a billing system uses to refuse a second credit.
func Key(policy, version string, start, end time.Time, sub string, incidents []string) string {
	var buf [512]byte
	b := appendKeyWindow(buf[:0], policy, version, start, end)
	b = appendKeyField(b, sub)
	b = appendKeyIncidents(b, incidents)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:KeyLength/2])
}

// appendKeyWindow appends the encoding of the fields of a key that every
// subscription credited for the window shares: keyVersion, the policy, its
// version and the window's bounds.
func appendKeyWindow(dst []byte, policy, version string, start, end time.Time) []byte {
	dst = appendKeyField(dst, keyVersion)
	dst = appendKeyField(dst, policy)
	dst = appendKeyField(dst, version)
	dst = appendKeyTime(dst, start)
	return appendKeyTime(dst, end)
}

// appendKeyIncidents appends the encoding of the incident IDs, sorted and
// deduplicated.
func appendKeyIncidents(dst []byte, incidents []string) []byte {
	ids := incidents
	if !slices.IsSorted(ids) {
		ids = slices.Clone(ids)
		slices.Sort(ids)
	}
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			continue
		}
		dst = appendKeyField(dst, id)
	}
	return dst
}

// appendKeyField appends s as its length in bytes (unsigned varint) and its
// bytes.
func appendKeyField[T string | []byte](dst []byte, s T) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// appendKeyTime appends t in UTC, RFC 3339 with nanoseconds, as a field.
func appendKeyTime(dst []byte, t time.Time) []byte {
	var buf [64]byte
	return appendKeyField(dst, t.UTC().AppendFormat(buf[:0], time.RFC3339Nano))
}

// keyHasher computes the keys of a batch's lines from the SHA-256 state
// after the whole 64-byte blocks of their window's encoding (see
// windowKey), so that each key hashes one block fewer. It is not safe for
// concurrent use.
type keyHasher struct {
	h   hash.Hash
	u   encoding.BinaryUnmarshaler
	buf []byte
	sum [sha256.Size]byte
}

func newKeyHasher() *keyHasher {
	h := sha256.New()
	return &keyHasher{h: h, u: h.(encoding.BinaryUnmarshaler)}
}

// windowKey is the encoding of the key fields a window fixes (win), with
// the SHA-256 state after its whole 64-byte blocks (nil when it could not
// be saved) and the bytes after them (rest).
type windowKey struct {
	win, state, rest []byte
}

// newWindowKey prepares the keys of the window whose encoding is win.
func newWindowKey(win []byte) windowKey {
	h := sha256.New()
	n := len(win) / sha256.BlockSize * sha256.BlockSize
	h.Write(win[:n])
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return windowKey{win: win, rest: win}
	}
	return windowKey{win: win, state: state, rest: win[n:]}
}

// appendKey appends the key of subscription sub's line for window wk
// caused by the incidents encoded as incs, in hexadecimal. It only reads
// wk, which the goroutines of a Calculator share: when the saved state
// cannot be restored, the window's encoding is hashed from its start.
func (k *keyHasher) appendKey(dst []byte, wk *windowKey, sub, incs []byte) []byte {
	rest := wk.rest
	if wk.state == nil || k.u.UnmarshalBinary(wk.state) != nil {
		k.h.Reset()
		rest = wk.win
	}
	k.buf = append(k.buf[:0], rest...)
	k.buf = appendKeyField(k.buf, sub)
	k.buf = append(k.buf, incs...)
	k.h.Write(k.buf)
	sum := k.h.Sum(k.sum[:0])
	n := len(dst)
	dst = append(dst, make([]byte, KeyLength)...)
	hex.Encode(dst[n:], sum[:KeyLength/2])
	return dst
}
