package credit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
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
	ids := incidents
	if !slices.IsSorted(ids) {
		ids = slices.Clone(ids)
		slices.Sort(ids)
	}
	h := sha256.New()
	var buf [binary.MaxVarintLen64 + 64]byte
	put := func(s string) {
		n := binary.PutUvarint(buf[:], uint64(len(s)))
		h.Write(buf[:n])
		h.Write([]byte(s))
	}
	putTime := func(t time.Time) {
		b := t.UTC().AppendFormat(buf[binary.MaxVarintLen64:binary.MaxVarintLen64], time.RFC3339Nano)
		n := binary.PutUvarint(buf[:], uint64(len(b)))
		h.Write(buf[:n])
		h.Write(b)
	}
	put(keyVersion)
	put(policy)
	put(version)
	putTime(start)
	putTime(end)
	put(sub)
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			continue
		}
		put(id)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:KeyLength/2])
}
