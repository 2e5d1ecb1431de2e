package credit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/outagekit/postmortem/internal/problem"
)

// FuzzLedgerReadCSV: reading a ledger file never panics; every problem
// names the file and a line (or is the count of the problems not
// listed); a file read without an error leaves a ledger without problems
// whose entries are each one row of the file, and the entries of its two
// shards are the whole ledger's.
func FuzzLedgerReadCSV(f *testing.F) {
	f.Add([]byte(ledgerFile))
	f.Add([]byte("subscription_id,plan_id,window_start,window_end,currency,amount,idempotency_key\n" +
		"s,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,KWD,-0.251,k\ns,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,KWD,-0.251,k\n"))
	f.Add([]byte("idempotency_key,amount,currency,window_end,window_start,policy,subscription_id\nk,1,JPY,2014-05-01T00:00:00Z,2014-04-01T00:00:00Z,p,\"a\nb\"\n"))
	data, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var l Ledger
		err := l.ReadCSV(bytes.NewReader(data), LedgerOptions{File: "f.csv"})
		var perr *problem.Error
		if err != nil && !errors.As(err, &perr) {
			t.Fatalf("an error that is not a list of problems: %v", err)
		}
		if perr != nil {
			for i, p := range perr.Problems {
				last := i == len(perr.Problems)-1
				if (p.File != "f.csv" || p.Line < 1) && !(last && p.File == "" && p.Line == 0) {
					t.Fatalf("problem without a location: %+v", p)
				}
			}
			return
		}
		if l.Err() != nil {
			t.Fatalf("ReadCSV returned no error but the ledger has problems: %v", l.Err())
		}
		rows := bytes.Count(data, []byte("\n")) + 1
		if l.Len() > rows {
			t.Fatalf("%d entries from %d lines", l.Len(), rows)
		}
		n := 0
		for i := range 2 {
			var part Ledger
			if err := part.ReadCSV(bytes.NewReader(data), LedgerOptions{File: "f.csv", Shard: Shard{i, 2}}); err != nil {
				t.Fatalf("shard %d refuses what the whole accepts: %v", i, err)
			}
			n += part.Len()
		}
		if n != l.Len() {
			t.Fatalf("the shards hold %d entries, the whole ledger %d", n, l.Len())
		}
	})
}
