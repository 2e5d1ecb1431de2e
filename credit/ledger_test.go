package credit

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"
	"pgregory.net/rapid"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// aprilWindow is the seed policy's April 2014 window.
func aprilWindow(t testing.TB) (start, end time.Time) {
	ny := mustZone(t, "America/New_York")
	return date(2014, time.April, 1, ny), date(2014, time.May, 1, ny)
}

// issued returns a valid entry for subscription sub of amount in USD,
// April 2014, under the seed policy.
func issued(t testing.TB, sub, amount, key string) Issued {
	s, e := aprilWindow(t)
	return Issued{Subscription: sub, Policy: "seed-monthly-new-york", WindowStart: s, WindowEnd: e, Currency: currency.USD, Amount: dec(amount), Key: key}
}

// problemTexts returns the problems of err as strings.
func problemTexts(t *testing.T, err error) []string {
	t.Helper()
	var perr *problem.Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want a *rca.ValidationError", err)
	}
	var out []string
	for _, p := range perr.Problems {
		out = append(out, p.String())
	}
	return out
}

// TestLedgerAdd checks what Add refuses in an entry alone, with the field
// at fault, and that the ledger keeps the problem (a Go program that does
// not look at Add's error still cannot issue against the ledger).
func TestLedgerAdd(t *testing.T) {
	s, e := aprilWindow(t)
	for _, tt := range []struct {
		name  string
		edit  func(*Issued)
		field string
		want  string
	}{
		{"missing subscription", func(i *Issued) { i.Subscription = "" }, "subscription_id", "missing"},
		{"subscription with a space", func(i *Issued) { i.Subscription = "s-1 " }, "subscription_id", "ends with white space"},
		{"missing policy and plan", func(i *Issued) { i.Policy = "" }, "policy", "missing"},
		{"missing key", func(i *Issued) { i.Key = "" }, "idempotency_key", "missing"},
		{"empty window", func(i *Issued) { i.WindowEnd = s }, "window_end", "must be after window_start"},
		{"reversed window", func(i *Issued) { i.WindowStart, i.WindowEnd = e, s }, "window_end", "must be after window_start"},
		{"missing currency", func(i *Issued) { i.Currency = currency.Unit{} }, "currency", "missing"},
		{"more places than USD", func(i *Issued) { i.Amount = dec("0.281") }, "amount", "has more decimal places than USD has (2)"},
		{"yen with cents", func(i *Issued) { i.Currency, i.Amount = currency.JPY, dec("20.5") }, "amount", "has more decimal places than JPY has (0)"},
		{"absurd amount", func(i *Issued) { i.Amount = dec("-1e12") }, "amount", "is absurdly large (must be below 10^12)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l Ledger
			if err := l.Add(issued(t, "s-0", "0.10", "k0")); err != nil {
				t.Fatal(err)
			}
			in := issued(t, "s-1", "0.28", "k1")
			tt.edit(&in)
			err := l.Add(in)
			var re *RowError
			if !errors.As(err, &re) || re.Field != tt.field || !strings.Contains(re.Err.Error(), tt.want) {
				t.Fatalf("Add = %v, want a *RowError at %s: %s", err, tt.field, tt.want)
			}
			got := problemTexts(t, l.Err())
			if len(got) != 1 || !strings.HasPrefix(got[0], "ledger[1]."+tt.field+": ") || !strings.Contains(got[0], tt.want) {
				t.Errorf("ledger problems %q, want one at ledger[1].%s", got, tt.field)
			}
			if l.Len() != 1 {
				t.Errorf("ledger holds %d entries, want the good one only", l.Len())
			}
		})
	}
}

// TestLedgerKeys checks the keys: a copy of an entry (same key, same
// credit) is counted once; the same key for a different credit is
// refused, naming both entries, whatever the order they were added in.
func TestLedgerKeys(t *testing.T) {
	var l Ledger
	for _, in := range []Issued{issued(t, "s-1", "0.28", "k1"), issued(t, "s-1", "0.28", "k2"), issued(t, "s-2", "0.28", "k3")} {
		if err := l.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	copyOf := issued(t, "s-1", "0.28", "k1")
	copyOf.File, copyOf.Line = "again.csv", 9
	if err := l.Add(copyOf); err != nil {
		t.Errorf("a copy of an entry: %v", err)
	}
	if l.Len() != 3 || l.Subscriptions() != 2 {
		t.Errorf("%d entries of %d subscriptions, want 3 of 2", l.Len(), l.Subscriptions())
	}
	for _, tt := range []struct {
		name string
		in   Issued
		want string
	}{
		{"another amount", issued(t, "s-1", "0.42", "k1"), `ledger[4].idempotency_key: "k1": also names a different credit: 0.28 USD to subscription "s-1" for 2014-04-01T04:00:00Z – 2014-05-01T04:00:00Z (ledger[0])`},
		{"another subscription", issued(t, "s-9", "0.28", "k1"), `ledger[5].idempotency_key: "k1": also names a different credit`},
		{"another currency", func() Issued { i := issued(t, "s-1", "28", "k1"); i.Currency = currency.JPY; return i }(), `ledger[6].idempotency_key: "k1": also names a different credit`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := l.Add(tt.in); err != nil {
				t.Fatalf("Add: %v (keys are checked when the ledger is indexed)", err)
			}
			got := problemTexts(t, l.Err())
			if !strings.HasPrefix(got[len(got)-1], tt.want) {
				t.Errorf("last problem %q, want %q", got[len(got)-1], tt.want)
			}
		})
	}
	got := l.Entries("s-1")
	if len(got) != 2 || got[0].Key != "k1" || got[1].Key != "k2" || !got[0].Amount.Equal(dec("0.28")) {
		t.Errorf("entries of s-1: %+v, want k1 and k2 (not the copy, not the conflicts)", got)
	}
	if l.Len() != 3 {
		t.Errorf("%d entries, want 3", l.Len())
	}

	// The entry refused is the one added after the first with its key,
	// named by its own file and line.
	var back Ledger
	late, early := issued(t, "s-1", "0.42", "k1"), issued(t, "s-1", "0.28", "k1")
	late.File, late.Line, early.File, early.Line = "b.csv", 2, "a.csv", 9
	for _, in := range []Issued{early, late} {
		if err := back.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{`b.csv:2: idempotency_key: "k1": also names a different credit: 0.28 USD to subscription "s-1" for 2014-04-01T04:00:00Z – 2014-05-01T04:00:00Z (a.csv:9)`}
	if diff := cmp.Diff(want, problemTexts(t, back.Err())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestLedgerHexKeys checks the keys this package writes (32 lowercase hex
// digits, stored packed) against keys that look like them: each is its
// own key, given back and named in problems exactly as it was given.
func TestLedgerHexKeys(t *testing.T) {
	const hexKey = "35d1a10be4d5f0850ca285c4a5c33bfc"
	keys := []string{
		hexKey,
		strings.ToUpper(hexKey),            // not packed: another key
		hexKey[:31] + "g",                  // not hex
		hexKey[:30],                        // shorter
		"0123456789abcdef",                 // stored as the bytes the key below is packed into
		"30313233343536373839616263646566", // packed into "0123456789abcdef"
		string([]byte{0x35, 0xd1, 0xa1, 0x0b, 0xe4, 0xd5, 0xf0, 0x85, 0x0c, 0xa2, 0x85, 0xc4, 0xa5, 0xc3, 0x3b, 0xfc}), // the packed bytes as a key: not UTF-8, refused
	}
	var l Ledger
	for i, k := range keys[:6] {
		if err := l.Add(issued(t, "s-1", fmt.Sprintf("0.%02d", i+1), k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Add(issued(t, "s-1", "0.09", keys[6])); err == nil {
		t.Errorf("a key that is not UTF-8 was accepted")
	}
	var got []string
	for _, e := range l.Entries("s-1") {
		got = append(got, e.Key)
	}
	if diff := cmp.Diff(keys[:6], got); diff != "" {
		t.Errorf("keys given back (-given +got):\n%s", diff)
	}

	// The same hex key for another credit is refused, named as given.
	var again Ledger
	for _, in := range []Issued{issued(t, "s-1", "0.28", hexKey), issued(t, "s-1", "0.28", strings.ToUpper(hexKey)), issued(t, "s-1", "0.42", hexKey)} {
		if err := again.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{`ledger[2].idempotency_key: "` + hexKey + `": also names a different credit: 0.28 USD to subscription "s-1" for 2014-04-01T04:00:00Z – 2014-05-01T04:00:00Z (ledger[0])`}
	if diff := cmp.Diff(want, problemTexts(t, again.Err())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// ledgerFile is a minimal ledger file: two entries of sub-0001 and one of
// sub-0002, April 2014 under the seed policy.
const ledgerFile = "subscription_id,policy,window_start,window_end,currency,amount,idempotency_key\n" +
	"sub-0001,seed-monthly-new-york,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.28,k1\n" +
	"sub-0002,seed-monthly-new-york,2014-04-01T04:00:00Z,2014-05-01T04:00:00Z,USD,0.89,k2\n" +
	"sub-0001,seed-monthly-new-york,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,-0.10,k3\n"

// TestLedgerReadCSV reads a minimal ledger file and the lines file of a
// run (a valid ledger as written), in any column order.
func TestLedgerReadCSV(t *testing.T) {
	var l Ledger
	if err := l.ReadCSV(strings.NewReader(ledgerFile), LedgerOptions{File: "issued.csv"}); err != nil {
		t.Fatal(err)
	}
	got := l.Entries("sub-0001")
	slices.SortFunc(got, func(a, b Issued) int { return strings.Compare(a.Key, b.Key) })
	s, e := aprilWindow(t)
	want := []Issued{
		{Subscription: "sub-0001", Policy: "seed-monthly-new-york", WindowStart: s, WindowEnd: e, Currency: currency.USD, Amount: dec("0.28"), Key: "k1", File: "issued.csv", Line: 2},
		{Subscription: "sub-0001", Policy: "seed-monthly-new-york", WindowStart: s, WindowEnd: e, Currency: currency.USD, Amount: dec("-0.10"), Key: "k3", File: "issued.csv", Line: 4},
	}
	if diff := cmp.Diff(want, got, decimalEqual, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("entries of sub-0001 (-want +got):\n%s", diff)
	}

	// Columns in another order, and the lines file of the demo run.
	var swapped Ledger
	cols := strings.Split(strings.Split(ledgerFile, "\n")[0], ",")
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSuffix(ledgerFile, "\n"), "\n") {
		f := strings.Split(line, ",")
		if i == 0 {
			f = cols
		}
		slices.Reverse(f)
		b.WriteString(strings.Join(f, ",") + "\n")
	}
	if err := swapped.ReadCSV(strings.NewReader(b.String()), LedgerOptions{File: "swapped.csv"}); err != nil {
		t.Fatal(err)
	}
	if swapped.Len() != 3 || swapped.Subscriptions() != 2 {
		t.Errorf("reversed columns: %d entries of %d subscriptions, want 3 of 2", swapped.Len(), swapped.Subscriptions())
	}
	lines, err := os.Open(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer lines.Close()
	var fromLines Ledger
	if err := fromLines.ReadCSV(lines, LedgerOptions{File: "demo-lines.csv"}); err != nil {
		t.Fatal(err)
	}
	if fromLines.Len() != 13 {
		t.Errorf("the demo's lines file: %d entries, want its 13 lines", fromLines.Len())
	}
	if got := fromLines.Entries("sub-0001"); len(got) != 1 || got[0].Plan != "email-starter" || got[0].Policy != "seed-monthly-new-york" || !got[0].Amount.Equal(dec("0.30")) {
		t.Errorf("sub-0001 from the lines file: %+v", got)
	}
}

// TestLedgerReadCSVProblems checks that every problem of a ledger file is
// located (file, line, column) and that the good rows are still read.
func TestLedgerReadCSVProblems(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       []string
	}{
		{"no header", "", []string{`x.csv:1: missing header line (want subscription_id,policy,window_start,window_end,currency,amount,idempotency_key)`}},
		{"unknown column", "subscription_id,policy,window_start,window_end,currency,amount,idempotency_key,amout\n",
			[]string{`x.csv:1: amout: unknown column "amout" (want some of subscription_id,policy,window_start,window_end,currency,amount,idempotency_key,plan_id,customer_id,policy_version,charge,downtime_seconds,weighted_seconds,measured_seconds,availability_percent,rule,band,raw,multiplier,capped,below_minimum,rounding,due,issued_before,issued_entries,over_credited,claim_deadline,incidents,explanation)`}},
		{"no policy nor plan", "subscription_id,window_start,window_end,currency,amount,idempotency_key\n",
			[]string{`x.csv:1: policy: missing required column "policy" (or "plan_id", whose plan names the policy)`}},
		{"missing amount", "subscription_id,policy,window_start,window_end,currency,idempotency_key\n",
			[]string{`x.csv:1: amount: missing required column "amount"`}},
		{"bad rows", strings.Join([]string{
			"subscription_id,policy,window_start,window_end,currency,amount,idempotency_key",
			"s-1,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.28,k1",
			"s-2,p,2014-04-01,2014-05-01T00:00:00-04:00,USD,1,5,k2",
			"s-3,p,2014-04-01,2014-05-01T00:00:00-04:00,USD,\"1,5\",k3",
			"s-4,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,XXY,1e3,k4",
			"s-5,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,JPY,0.5,k5",
			"s-6,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.28,k1",
			"s-8,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.01,k8",
			"s-7,\"p,2014-04-01T00:00:00-04:00",
		}, "\n") + "\n",
			[]string{
				`x.csv:3: has 8 fields, the header has 7 columns`,
				`x.csv:4: window_start: "2014-04-01": not an RFC 3339 time`,
				`x.csv:4: amount: "1,5": not a decimal number: use "." as the decimal separator and no thousands separator`,
				`x.csv:5: currency: "XXY": unknown currency`,
				`x.csv:5: amount: "1e3": not a decimal number: exponents are not accepted`,
				`x.csv:6: amount: "0.5": has more decimal places than JPY has (0)`,
				`x.csv:7: idempotency_key: "k1": also names a different credit: 0.28 USD to subscription "s-1" for 2014-04-01T04:00:00Z – 2014-05-01T04:00:00Z (x.csv:2)`,
				`x.csv:9: extraneous or missing " in quoted-field`,
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l Ledger
			err := l.ReadCSV(strings.NewReader(tt.file), LedgerOptions{File: "x.csv"})
			if diff := cmp.Diff(tt.want, problemTexts(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tt.name == "bad rows" && (l.Len() != 2 || l.Err() == nil) {
				t.Errorf("%d entries kept (want s-1 and s-8), ledger error %v", l.Len(), l.Err())
			}
		})
	}
}

// TestLedgerShards checks that the shards of a ledger hold each entry
// once: their entries together are the whole ledger's.
func TestLedgerShards(t *testing.T) {
	var b strings.Builder
	b.WriteString("subscription_id,policy,window_start,window_end,currency,amount,idempotency_key\n")
	for i := range 200 {
		fmt.Fprintf(&b, "s-%d,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,USD,%d.%02d,k%d\n", i%70, i%7, i%100, i)
	}
	var whole Ledger
	if err := whole.ReadCSV(strings.NewReader(b.String()), LedgerOptions{File: "l.csv"}); err != nil {
		t.Fatal(err)
	}
	const n = 3
	var parts [n]Ledger
	seen := 0
	for i := range parts {
		if err := parts[i].ReadCSV(strings.NewReader(b.String()), LedgerOptions{File: "l.csv", Shard: Shard{i, n}}); err != nil {
			t.Fatal(err)
		}
		seen += parts[i].Len()
		for s := range 70 {
			id := fmt.Sprintf("s-%d", s)
			got := len(parts[i].Entries(id))
			want := 0
			if (Shard{i, n}).Contains(id) {
				want = len(whole.Entries(id))
			}
			if got != want {
				t.Errorf("shard %d: %d entries of %s, want %d", i, got, id, want)
			}
		}
	}
	if seen != whole.Len() || whole.Len() != 200 {
		t.Errorf("shards hold %d entries, the whole ledger %d; want 200 in both", seen, whole.Len())
	}
}

// TestLedgerOrder checks that the order of a ledger's rows does not
// change what it says of any subscription.
func TestLedgerOrder(t *testing.T) {
	rows := strings.Split(strings.TrimSuffix(ledgerFile, "\n"), "\n")
	r := rand.New(rand.NewPCG(1, 2))
	var want map[string][]string
	for range 5 {
		body := slices.Clone(rows[1:])
		r.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
		var l Ledger
		if err := l.ReadCSV(strings.NewReader(rows[0]+"\n"+strings.Join(body, "\n")+"\n"), LedgerOptions{File: "l.csv"}); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, sub := range []string{"sub-0001", "sub-0002"} {
			for _, e := range l.Entries(sub) {
				got[sub] = append(got[sub], e.Key+" "+e.Amount.String())
			}
			slices.Sort(got[sub])
		}
		if want == nil {
			want = got
		} else if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("another order (-first +this):\n%s", diff)
		}
	}
}

// TestLedgerAgainstPlans checks what NewCalculator refuses in a ledger:
// a window that is not one of its policy's, a currency no plan of the
// policy is billed in, and any entry Add refused; entries for policies
// the run does not measure are not problems.
func TestLedgerAgainstPlans(t *testing.T) {
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	build := func(l *Ledger) error {
		_, err := NewCalculator(Config{
			Plans: seedPlans(), Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
			From: date(2014, time.April, 1, ny), To: date(2014, time.May, 1, ny), Ledger: l,
		})
		return err
	}
	var good Ledger
	if err := good.ReadCSV(strings.NewReader(ledgerFile), LedgerOptions{File: "issued.csv"}); err != nil {
		t.Fatal(err)
	}
	other := issued(t, "sub-0001", "5.00", "other")
	other.Policy = "another-policy"
	mar := issued(t, "sub-0001", "0.05", "march")
	mar.WindowStart, mar.WindowEnd = date(2014, time.March, 1, ny), date(2014, time.April, 1, ny)
	for _, in := range []Issued{other, mar} {
		if err := good.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	if err := build(&good); err != nil {
		t.Fatalf("a good ledger: %v", err)
	}
	if err := good.Add(issued(t, "s-late", "1.00", "late")); err == nil || !strings.Contains(err.Error(), "in use by a Calculator") {
		t.Errorf("Add after NewCalculator: %v, want a refusal", err)
	}

	var bad Ledger
	file := "subscription_id,plan_id,window_start,window_end,currency,amount,idempotency_key\n" +
		"s-1,email-starter,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,USD,0.28,k1\n" +
		"s-2,email-starter,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,EUR,0.28,k2\n" +
		"s-3,email-jp,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,JPY,20,k3\n" +
		"s-4,email-gold,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,GBP,1.00,k4\n" +
		"s-5,email-starter,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.281,k5\n"
	if err := bad.ReadCSV(strings.NewReader(file), LedgerOptions{File: "bad.csv"}); err == nil {
		t.Fatal("the places of 0.281 USD were not refused")
	}
	want := []string{
		`bad.csv:2: window_start: 2014-04-01T00:00:00Z – 2014-05-01T00:00:00Z is not a window of policy "seed-monthly-new-york" (its windows are calendar months in America/New_York)`,
		`bad.csv:3: currency: "EUR": no plan measured by policy "seed-monthly-new-york" is billed in EUR (its plans are billed in CHF, JPY, KWD, USD)`,
		`bad.csv:6: amount: "0.281": has more decimal places than USD has (2)`,
	}
	if diff := cmp.Diff(want, problemTexts(t, build(&bad))); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestLedgerProblemsCounted: a ledger with more problems than an error
// lists gives the first 100 and counts the others in Omitted, in
// Ledger.Err and in what NewCalculator finds binding it to the policy's
// windows. Both used to add a problem "… and N more", itself listed
// first (it has no line) and counted: NewCalculator's 101st problem
// pushed the 100th out ("… and 1 more problem"), Err's made 101.
func TestLedgerProblemsCounted(t *testing.T) {
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	const n = 250
	read := func(row func(i int) string) *Ledger {
		var b strings.Builder
		b.WriteString("subscription_id,plan_id,window_start,window_end,currency,amount,idempotency_key\n")
		for i := range n {
			b.WriteString(row(i))
		}
		l := new(Ledger)
		l.ReadCSV(strings.NewReader(b.String()), LedgerOptions{File: "l.csv"})
		return l
	}
	check := func(t *testing.T, err error) {
		t.Helper()
		var perr *problem.Error
		if !errors.As(err, &perr) {
			t.Fatalf("err = %v, want a *problem.Error", err)
		}
		if len(perr.Problems) != problem.MaxProblems || perr.Len() != n {
			t.Errorf("%d problems listed, %d in all; want %d of %d", len(perr.Problems), perr.Len(), problem.MaxProblems, n)
		}
		for i, p := range perr.Problems {
			if p.Line != i+2 {
				t.Errorf("problem %d: %s, want one of line %d", i, p, i+2)
				break
			}
		}
	}
	t.Run("read", func(t *testing.T) {
		l := read(func(i int) string {
			return fmt.Sprintf("s-%d,email-starter,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.281,k%d\n", i, i)
		})
		check(t, l.Err())
	})
	t.Run("bound", func(t *testing.T) {
		l := read(func(i int) string {
			return fmt.Sprintf("s-%d,email-starter,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,USD,0.28,k%d\n", i, i)
		})
		if err := l.Err(); err != nil {
			t.Fatalf("the rows themselves: %v", err)
		}
		_, err := NewCalculator(Config{
			Plans: seedPlans(), Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
			From: date(2014, time.April, 1, ny), To: date(2014, time.May, 1, ny), Ledger: l,
		})
		check(t, err)
	})
}

// TestPropertyLedgerOrder: for any set of entries, copies and conflicting
// keys among them, the order they are added in changes neither the
// entries of any subscription under the keys that do not conflict (as a
// set), nor which keys are refused (which of a key's entries is kept is
// the first added); a copy is counted once.
func TestPropertyLedgerOrder(t *testing.T) {
	template := issued(t, "s", "0.00", "k")
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "entries")
		var in []Issued
		for i := range n {
			sub := fmt.Sprintf("s-%d", rapid.IntRange(0, 5).Draw(t, "sub"))
			key := fmt.Sprintf("k%d", rapid.IntRange(0, 30).Draw(t, "key"))
			amount := fmt.Sprintf("0.%02d", rapid.IntRange(0, 3).Draw(t, "amount"))
			e := template
			e.Subscription, e.Amount, e.Key = sub, dec(amount), key
			e.File, e.Line = "l.csv", i+2
			in = append(in, e)
		}
		summary := func(entries []Issued) (map[string][]string, []string, int) {
			var l Ledger
			for _, e := range entries {
				if err := l.Add(e); err != nil {
					t.Fatal(err)
				}
			}
			subs := map[string][]string{}
			for s := range 6 {
				id := fmt.Sprintf("s-%d", s)
				for _, e := range l.Entries(id) {
					subs[id] = append(subs[id], e.Key+"="+e.Amount.String())
				}
				slices.Sort(subs[id])
			}
			var refusedKeys []string
			if err := l.Err(); err != nil {
				var perr *problem.Error
				if !errors.As(err, &perr) {
					t.Fatal(err)
				}
				for _, p := range perr.Problems {
					refusedKeys = append(refusedKeys, strings.SplitN(p.Msg, ":", 2)[0])
				}
			}
			slices.Sort(refusedKeys)
			return subs, slices.Compact(refusedKeys), l.Len()
		}
		subs1, keys1, n1 := summary(in)
		shuffled := slices.Clone(in)
		perm := rapid.Permutation(shuffled).Draw(t, "order")
		subs2, keys2, n2 := summary(perm)
		// Which entry of a conflicting pair is kept depends on the order
		// (the first added); the keys refused and the counts do not.
		if diff := cmp.Diff(keys1, keys2); diff != "" {
			t.Fatalf("keys refused (-one order +another):\n%s", diff)
		}
		if n1 != n2 {
			t.Fatalf("%d entries one way, %d the other", n1, n2)
		}
		conflicted := map[string]bool{}
		for _, k := range keys1 {
			conflicted[strings.Trim(k, `"`)] = true
		}
		for id := range subs1 {
			a, b := withoutKeys(subs1[id], conflicted), withoutKeys(subs2[id], conflicted)
			if diff := cmp.Diff(a, b); diff != "" {
				t.Fatalf("entries of %s (-one order +another):\n%s", id, diff)
			}
		}
		// Copies are counted once: the entries kept are the distinct
		// keys.
		distinct := map[string]bool{}
		for _, e := range in {
			distinct[e.Key] = true
		}
		if n1 != len(distinct) {
			t.Fatalf("%d entries kept, want one per distinct key (%d)", n1, len(distinct))
		}
	})
}

// withoutKeys returns the "key=amount" strings whose key is not in keys.
func withoutKeys(entries []string, keys map[string]bool) []string {
	var out []string
	for _, e := range entries {
		if k, _, _ := strings.Cut(e, "="); !keys[k] {
			out = append(out, e)
		}
	}
	return out
}

// TestLedgerFindNear checks that a lookup that first tries the group after
// the last one found finds what the table finds, in whatever order the
// subscriptions are looked up (the ledger's, backwards, at random, with
// subscriptions it does not hold in between), and that the guess follows
// the groups found.
func TestLedgerFindNear(t *testing.T) {
	ids := []string{"s-3", "s-1", "s-2", "s-10", "s-4"} // the order added: the groups' order
	var l Ledger
	for _, pass := range []int{0, 1} { // two entries each, the second added after all the first
		for i, id := range ids {
			if err := l.Add(issued(t, id, "0.10", fmt.Sprintf("k%d-%d", i, pass))); err != nil {
				t.Fatal(err)
			}
		}
	}
	l.index()
	for g, id := range ids {
		if got, ok := l.find(fnv1a(id), []byte(id)); !ok || got != uint32(g) {
			t.Fatalf("find(%q) = %d, %v; want group %d (groups in the order added)", id, got, ok, g)
		}
	}
	orders := map[string][]string{
		"ledger's":  ids,
		"backwards": {"s-4", "s-10", "s-2", "s-1", "s-3"},
		"mixed":     {"s-2", "s-0", "s-10", "s-4", "s-3", "s-9", "s-1", "s-1", "s-3"},
	}
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			next := uint32(0)
			for _, id := range order {
				want, wantOK := l.find(fnv1a(id), []byte(id))
				before := next
				got, ok := l.findNear(&next, fnv1a(id), []byte(id))
				if got != want || ok != wantOK {
					t.Fatalf("findNear(%q) from %d = %d, %v; find = %d, %v", id, before, got, ok, want, wantOK)
				}
				if ok && next != got+1 || !ok && next != before {
					t.Fatalf("after findNear(%q): next %d (found %v, group %d, before %d)", id, next, ok, got, before)
				}
			}
		})
	}
}

// shortenImpacts shortens every impact of the incidents of cfg to a
// quarter less: the incidents of an earlier run, before a corrected RCA
// lengthened them.
func shortenImpacts(cfg *Config) {
	for _, inc := range cfg.Incidents {
		for k := range inc.Impacts {
			im := &inc.Impacts[k]
			im.End = im.Start.Add(im.End.Sub(im.Start) * 3 / 4)
		}
	}
}

// TestRunCSVSettledShared checks that RunCSV settles as the exact path
// does on the demo's shape, where most subscriptions share their figures
// and a settled line is encoded once for many: against the lines of a
// first run (a re-run, settled to nothing), of a run on shorter incidents
// (every credited window adjusted), and of both mixed, subscription by
// subscription (figures shared by subscriptions settled against different
// amounts), under both over-credit modes.
func TestRunCSVSettledShared(t *testing.T) {
	data := generated(3000, 5)
	linesOf := func(change func(*Config)) []Line {
		cfg := demoConfig(t)
		change(&cfg)
		c, err := NewCalculator(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out, _, _ := runCSV(t, c, data, BatchOptions{})
		var lines []Line
		for l, err := range ReadLines(bytes.NewReader(out), "lines.csv") {
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, l)
		}
		return lines
	}
	same, shorter := linesOf(func(*Config) {}), linesOf(shortenImpacts)
	if len(same) != len(shorter) {
		t.Fatalf("%d lines, %d with the shorter incident", len(same), len(shorter))
	}
	ledgers := map[string]func(i int) *Line{
		"rerun":   func(i int) *Line { return &same[i] },
		"shorter": func(i int) *Line { return &shorter[i] },
		"mixed": func(i int) *Line {
			if i%3 == 0 {
				return &shorter[i]
			}
			return &same[i]
		},
	}
	for name, pick := range ledgers {
		var ledger Ledger
		for i := range same {
			l := pick(i)
			if err := ledger.Add(Issued{Subscription: l.Subscription, Policy: l.Policy, Plan: l.Plan, WindowStart: l.WindowStart, WindowEnd: l.WindowEnd,
				Currency: l.Currency, Amount: l.Amount, Key: l.Key}); err != nil {
				t.Fatal(err)
			}
		}
		for _, over := range []OverCredit{Keep, Reverse} {
			t.Run(name+"/"+over.String(), func(t *testing.T) {
				cfg := demoConfig(t)
				cfg.Ledger, cfg.OverCredit = &ledger, over
				fast, exact := fastAndExact(t, cfg)
				wantOut, wantSum, _ := runLines(t, exact, data, BatchOptions{})
				gotOut, gotSum, _ := runCSV(t, fast, data, BatchOptions{})
				sameRun(t, wantOut, gotOut, wantSum, gotSum)
			})
		}
	}
}

// TestUnslot checks that unslot undoes slot, which the ledger's groups
// rely on to keep the FNV-1a hash of their IDs (Shard's, find's) from the
// spread hash they were sorted by.
func TestUnslot(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 17))
	xs := []uint64{0, 1, 1 << 63, 1<<64 - 1, fnv1a("s-1"), fnv1a("")}
	for range 10000 {
		xs = append(xs, r.Uint64())
	}
	for _, x := range xs {
		if got := unslot(slot(x)); got != x {
			t.Fatalf("unslot(slot(%#x)) = %#x", x, got)
		}
	}
}
