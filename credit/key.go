package credit

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strconv"
	"time"

	"golang.org/x/text/currency"
)

// KeyLength is the length of an idempotency key in hexadecimal digits: the
// first 128 bits of a SHA-256 digest.
const KeyLength = 32

// keyVersion names the canonical encoding; a change of encoding changes it
// (and so every key).
const keyVersion = "postmortem/credit-key/v2"

// Key returns the idempotency key of line l: the first KeyLength
// hexadecimal digits of the SHA-256 digest of a canonical encoding of
//
//	keyVersion, l.Policy, l.WindowStart and l.WindowEnd (UTC, RFC 3339
//	with nanoseconds), l.Currency (its ISO 4217 code), l.Subscription,
//	l.Due, l.IssuedBefore and l.Amount (as FormatAmount writes them:
//	"0.56", "-0.28") and l.IssuedEntries (in decimal),
//
// each written as its length in bytes (unsigned varint) followed by its
// bytes, so that no two different inputs share an encoding. The key names
// the transition the line issues (see the package documentation): it
// depends neither on the zone the window is written in nor on the
// incidents or the policy's version, only on what was issued before and
// what is due now, so a re-run with the same ledger gives the same key,
// and a new incident or a correction a new one.
func Key(l *Line) string {
	var buf [512]byte
	b := appendKeyWindow(buf[:0], l.Policy, l.WindowStart, l.WindowEnd, l.Currency)
	b = appendKeyField(b, l.Subscription)
	b = appendKeySettlement(b, FormatAmount(l.Due, l.Currency), FormatAmount(l.IssuedBefore, l.Currency),
		FormatAmount(l.Amount, l.Currency), strconv.Itoa(l.IssuedEntries))
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:KeyLength/2])
}

// appendKeyWindow appends the encoding of the fields of a key that every
// subscription settled for the window shares: keyVersion, the policy, the
// window's bounds and the currency.
func appendKeyWindow(dst []byte, policy string, start, end time.Time, cur currency.Unit) []byte {
	dst = appendKeyField(dst, keyVersion)
	dst = appendKeyField(dst, policy)
	dst = appendKeyTime(dst, start)
	dst = appendKeyTime(dst, end)
	return appendKeyField(dst, cur.String())
}

// appendKeySettlement appends the encoding of a line's settlement: its
// due, issued and issued-now amounts as FormatAmount writes them, and the
// number of ledger entries issued, in decimal.
func appendKeySettlement[T string | []byte](dst []byte, due, issued, amount, entries T) []byte {
	dst = appendKeyField(dst, due)
	dst = appendKeyField(dst, issued)
	dst = appendKeyField(dst, amount)
	return appendKeyField(dst, entries)
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
// whose settlement is encoded as settled (appendKeySettlement), in
// hexadecimal. It only reads wk, which the goroutines of a Calculator
// share: when the saved state cannot be restored, the window's encoding
// is hashed from its start.
func (k *keyHasher) appendKey(dst []byte, wk *windowKey, sub, settled []byte) []byte {
	rest := wk.rest
	if wk.state == nil || k.u.UnmarshalBinary(wk.state) != nil {
		k.h.Reset()
		rest = wk.win
	}
	k.buf = append(k.buf[:0], rest...)
	k.buf = appendKeyField(k.buf, sub)
	k.buf = append(k.buf, settled...)
	k.h.Write(k.buf)
	sum := k.h.Sum(k.sum[:0])
	return appendHex(dst, sum[:KeyLength/2])
}

// appendHex appends the lower-case hexadecimal digits of b, as
// hex.Encode writes them, four bytes at a time: each byte's two nibbles
// are spread into two bytes of a word, and each nibble n becomes '0'+n,
// or 'a'+n-10 when n > 9 (n+6 carries into bit 4 exactly then).
func appendHex(dst, b []byte) []byte {
	for ; len(b) >= 4; b = b[4:] {
		x := uint64(binary.BigEndian.Uint32(b))
		x = (x | x<<16) & 0x0000ffff0000ffff
		x = (x | x<<8) & 0x00ff00ff00ff00ff
		x = (x | x<<4) & 0x0f0f0f0f0f0f0f0f
		letters := ((x + 0x0606060606060606) >> 4) & 0x0101010101010101
		dst = binary.BigEndian.AppendUint64(dst, x+0x3030303030303030+letters*('a'-'0'-10))
	}
	return hex.AppendEncode(dst, b)
}
