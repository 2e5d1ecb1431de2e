// Package credit computes the service credits and prorated refunds owed to
// subscribers for the downtime an SLA policy counted: one line per
// subscription per measurement window, exact to the minor unit of its
// currency, explained in one line a finance team can check, and keyed so a
// billing system never credits the same window twice.
//
// A billing system hands the package its plans, its subscriptions (streamed,
// millions of them) and the incidents, and gets back [Line]s and a
// [Summary]:
//
//	calc, err := credit.NewCalculator(credit.Config{
//		Plans: plans, Policies: []*sla.Policy{policy}, Incidents: incidents,
//		From: aprilStart, To: mayStart,
//	})
//	subs := credit.ReadSubscriptions(file, credit.ReadOptions{File: "subs.csv", Zones: calc.Zones()})
//	w := credit.NewLineWriter(out)
//	var sum credit.Summary
//	for line, err := range calc.Run(ctx, subs) {
//		var re *credit.RowError
//		if errors.As(err, &re) {
//			sum.Reject(re) // a bad row: its line, column and reason; the run goes on
//			continue
//		}
//		if err != nil {
//			return err // the input broke off (I/O, a dropped connection): nothing is complete
//		}
//		sum.Add(&line)
//		w.Write(&line)
//	}
//	w.Flush()
//
// # Money
//
// Amounts are [decimal.Decimal] values in files and in the API, and exact
// fractions of integers inside: a price, the share of its billing period a
// window covers, the downtime and the measured time multiply and divide
// without any rounding, so 15 × 52080 ÷ 2592000 = 0.3013888… keeps every
// digit of its repeating expansion. The amount is rounded once, at the
// end, to the currency's minor unit. No floating-point number touches an
// amount or a ratio.
//
// Each rule is written once, against a small arithmetic interface, and
// runs in one of two number types: fractions of 128-bit integers (with
// 256-bit products for comparisons) from the integer figures the SLA
// meter keeps, the fast path, which needs no allocation; or, when a value
// does not fit (a price of billions times a billion seats, a fractional
// weight of an odd nanosecond), fractions of
// math/big integers from the sla.Result, the exact path. The window is
// then computed again by the same code in the second type, so both give
// the same lines, byte for byte: only where the digits are held differs
// (TestPathsAgree, FuzzFastPathMatchesExact).
//
// The minor unit is the ISO 4217 one: golang.org/x/text/currency's CLDR
// digits (JPY 0, USD 2, KWD 3), corrected by a tested table for the 22
// currencies where CLDR says 0 and ISO 4217 says 2 or 3 (IQD 3, IDR 2,
// COP 2, PKR 2, …; see [Digits]). Currencies x/text does not know (MRU,
// SLE, VES, ZWG, …) cannot be used in plans.
//
// Amounts read from plans and subscriptions are non-negative, below 10^12,
// with at most 6 decimal places; "1,5", "-3", "1e30" are refused with the
// reason rather than guessed at.
//
// # Rounding
//
// [HalfUp], the default, rounds ties away from zero (0.125 → 0.13);
// [HalfEven] rounds them to the even cent (0.125 → 0.12); [Cash] rounds
// half-up to the smallest coin, CLDR's cash increment (CHF 0.984537… →
// 1.00, CAD to 0.05, DKK to 0.50), and keeps the currency's places.
// [Down] truncates (0.129 → 0.12), [Up] rounds any fraction of a cent
// away from zero (0.121 → 0.13); [Ceiling] and [Floor] round towards +∞
// and −∞, which on credits (never negative) is Up and Down. [Round]
// applies the same rules to a decimal. [Rule.RoundingIncrement] rounds to
// any whole number of minor units instead, under the rule's mode: Stripe
// takes KWD, BHD, JOD, OMR and TND only in multiples of 0.010 (0.2515 KWD
// → 0.250), and half-even on a 0.05 grid rounds CHF 1.025 to 1.00.
//
// [Line.Charge] and [Line.Raw] are display values rounded half-up to 6
// places; the amount is computed from their exact values, not from them.
//
// When one amount must be split over several lines (a goodwill pool over
// the affected subscribers), [Allocate] gives each part whole minor units
// by the method named ([LargestRemainder] or [Fowler]'s allocation by
// ratios): the parts sum exactly to the whole, and ties go to the earlier
// part (100.00 over three: 33.34, 33.33, 33.33).
//
// # Charges
//
// A credit is based on what the subscriber paid for the window: for every
// billing period the window overlaps, the period's charge (Price ×
// Quantity, or [Subscription.Charged] when the subscriber paid a
// discounted amount) × the time the window, the period and the active
// range [From, Until) share ÷ the period's length, in actual elapsed time
// (not 30/360). Billing periods start at midnight in the billing zone
// ([Plan.Zone], else the zone of the policy's windows) on the anchor day
// ([Subscription.AnchorDay], else the day of From), clamped at month end:
// anchored on the 31st, periods start Jan 31, Feb 28 (29), Mar 31, Apr 30.
// An annual plan measured monthly takes the month's share of the year
// (April: 30/365); a subscription that started or ended mid-window pays,
// and is credited, only for its active share.
//
// A plan may say otherwise ([Plan.Proration]): [FixedDays] counts whole
// days over fixed months of [Plan.ProrationDays] (30 by default), with
// Kill Bill's adjustment of a stretch that crosses a month's end (May 23 →
// June 15 is 22 of 30 days), and [CycleDays] counts days over the days of
// the billing cycle, Chargebee's day-based billing; under both a time of
// day is ignored. [Plan.EqualMonths] makes each month of a quarterly or
// annual period an equal part of it (a year's month is 1/12 of the annual
// price, whatever its days), and [Plan.FractionPlaces] rounds each
// fraction of a period half-up to that many places before it multiplies
// the price, as Kill Bill rounds it to 9.
//
// # Rules
//
// A [Rule] composes, in this order: the base rule → [Rule.Multiplier] →
// the cap → the minimum issuance → rounding, where the minimum is judged on
// the amount rounding would issue (so no line issues an amount not greater
// than the minimum), or with [Rule.MinimumOn] [OnExact] on the exact
// amount: AWS issues credits "exceeding $1", and 1.004 exceeds it but
// rounds to 1.00.
//
//   - [Tiered]: the percent of the charge of the tier whose band holds the
//     exact availability (sla.Tiers.Find, with the bounds' inclusive and
//     exclusive ends as the contract writes them); an availability in no
//     tier earns nothing, as some published schedules say of exactly 99.0%.
//     A rule without tiers uses its policy's.
//   - [Prorated]: the price of the service lost (the seed's "pro-rated
//     refund"): for each billing period the window's active time overlaps,
//     what the subscription pays for the period ÷ the period's length × the
//     weighted downtime it suffered in it. A $30/month subscriber active
//     from April 16 who loses 2 hours on April 20 gets 30.00 × 7200 s ÷
//     2,592,000 s = 0.08, as a full-month subscriber does; an annual plan
//     divides its yearly price by the year. With [Rule.BeyondAllowance]
//     only the downtime beyond the objective's allowance counts, the
//     allowance taken from the earliest downtime first.
//   - [Stepped]: [Rule.StepPercent] of the charge per started [Rule.Step]
//     of weighted downtime: 5% per 30 minutes or part thereof gives 25%
//     for 125 minutes, 5% for exactly 30, 10% for 31.
//   - [Fixed]: a goodwill [Rule.Amount] for every subscription with counted
//     downtime in the window.
//   - [LostTime]: the hours of weighted downtime at the hourly [Rule.Rate]
//     (or the charge's price of an hour of the active time), a part of an
//     hour counted as [Rule.PartialHours] says: DigitalOcean's "lost time
//     at the hourly rate incurred".
//   - [PerInterval]: the Rate (or the charge's price of that much time)
//     for every interval the policy's interval rule counted while active:
//     AWS does not charge for a clock hour in which an EC2 instance was
//     unavailable for more than six minutes.
//
// The cap is [Rule.CapPercent] of the window's charge (100 by default), or
// [Rule.CapDays] of paid service when lower (GitHub: 90 days a quarter),
// and under a [Rule.PeriodCap] never more than what is left of the cap of
// the calendar quarter or year after its earlier windows were issued
// (those of the run as they are settled, and before it what the ledger
// holds); it caps the window's due, the total settlement issues. When
// rounding would lift an amount above the cap, it is rounded towards zero
// instead, so a line never credits more than the charge. The minimum is
// judged on the amount that would be issued: credits not greater than
// [Rule.Minimum] are not issued, and the line says so
// ([Line.BelowMinimum]). The claim deadline ([Line.ClaimDeadline]) is the
// rule's or the policy's: N days after the window closes, or the end of
// the N-th billing cycle after the one the window's last instant is in.
//
// # Refunds on change
//
// [RefundOf] prorates a [Change]: a subscription that ends, or changes plan
// or seats, mid-period is refunded the unused part of what it paid for the
// period, and charged the new terms for the rest of it, under the plans'
// proration conventions and rounding: upgrading from 10.00 to 20.00
// halfway is −5.00 + 10.00 = 5.00 to pay (Stripe's example); a downgrade's
// negative net is account credit carried to the renewal. The [Refund]
// explains its figures and carries an idempotency key, like a Line. A
// [Refunder] checks the plans once; [ReadChanges] reads the changes of a
// CSV file (see [ChangeColumns]) and [RefundWriter] writes the refunds (see
// [RefundColumns]): the files of "postmortem refunds".
//
// # One definition of each rule
//
// A credit is computed by one pipeline of steps, each a function written
// once:
//
//	the window's figures → base rule → multiplier → cap → rounding → minimum → the line's figures
//
// The window's figures enter from the SLA's measurement (the weighted
// downtime, the measured time, the allowance, the tier holding the
// availability: sla's figures, never recomputed here) and from the
// subscription (the charge for its active share of the window). Each step reads and writes the fields of one trace,
// and one renderer turns the trace into the figures that Line, the lines
// file, the explanation and the Summary are all made from, so none of
// them can tell a different story. The steps are generic over the two
// number types (see Money): a window that does not fit 128 bits is run
// again, by the same steps, on math/big. They run in three stages, each
// reading its own inputs: what the window's figures give (the base rule's
// share of the charge), what the charge gives (the cap's limits), and the
// rest; an Exposure prepares each window and each charge once and
// combines them.
//
// A term of a contract is one step, or a parameter of one: a rounding mode
// is a case of the rounding step (down, up, ceiling and floor were added
// that way); a convention of the minimum, of the proration fraction or of
// the cap is a line of its step; a new base rule (hourly credits, say) is
// a function beside the four and a case where the base rule is chosen;
// settling against credits already issued is one more step after the
// minimum, whose fields go in the trace, the line and the lines file.
//
// Every window measured gets a line, zero amounts included, and every line
// explains itself in one line. Its figures are exact when they have at most
// six decimal places; a figure with more is shown rounded half-up to six
// places, the digits of the charge and raw columns, and marked "…"
// (0.3013888… is written 0.301389…):
//
//	15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)
//	availability 97.990741% in tier ≥ 95 and < 99: 25%: 45.00 USD × 25% = 11.25 → 11.25 USD (half-up)
//	not active during the window: no credit
//
// # Settlement
//
// A window's credit is settled against what was already issued for it, so
// that a billing loop run after every incident (or nightly) never credits
// twice and never loses a correction. For each policy, window and
// subscription, the line's [Line.Due] is the rule's credit from every
// incident known now; [Line.IssuedBefore] is the sum of what the
// [Ledger] ([Config.Ledger]) holds for the same subscription, policy and
// window ([Line.IssuedEntries] entries); and [Line.Amount], the adjustment
// issued now, is Due − IssuedBefore. The explanation ends with it:
//
//	100.00 USD × 14400 s ÷ 2592000 s = 0.555556… → 0.56 USD (half-up); due 0.56 USD − issued 0.28 USD = 0.28 USD
//
// A window already credited at its due issues nothing: a zero line,
// counted as settled in the [Summary]. A window credited beyond its due
// (an incident shortened or withdrawn) is over-credited: with [Keep] (the
// default) nothing is issued and [Line.OverCredited] and the summary say
// by how much; with [Reverse] the line issues the negative difference, for
// billing systems that take debits ([Config.OverCredit]). The cap applies
// to the due, so to the window's total, never to one adjustment.
//
// The loop of a billing system is then: read what it issued (its
// adjustments table, or the earlier lines files) into a Ledger, run the
// calculator, and insert the lines with a non-zero amount with ON
// CONFLICT (idempotency_key) DO NOTHING, in one transaction. Run after a
// second incident it inserts the differences; after a correction, the
// corrections; run again, nothing.
//
// # Idempotency
//
// [Line.Key] names the transition a line issues: the first 32
// hexadecimal digits (128 bits) of the SHA-256 of a canonical,
// length-prefixed encoding of "postmortem/credit-key/v2", the policy ID,
// the window's start and end (UTC, RFC 3339 with nanoseconds), the
// currency, the subscription ID, the due, the amount issued before, the
// amount issued now (as [FormatAmount] writes them) and the number of
// ledger entries issued before (see [Key]). The same ledger and inputs
// give the same keys and bytes on every run and in any order; a different
// due or issued_before gives a new key, so a second incident or a
// correction is never refused as a duplicate; and since the amount is
// part of what is hashed, no key names two different amounts.
//
// # Batches
//
// [NewCalculator] checks the plans and measures each policy once (an
// sla.Meter); a [Calculator] is then immutable and safe for concurrent use.
// [Calculator.Credit] returns one subscription's lines; [Calculator.Run]
// streams an iter.Seq2 of subscriptions to an iter.Seq2 of lines in input
// order, holding one subscription at a time, so memory stays flat. A bad
// subscription is yielded as a [*RowError] and the run goes on; when the
// context is done, Run yields an [*InterruptedError] saying how far it got.
//
// [Calculator.RunCSV] is the same run from a subscriptions file to a lines
// file, the path of the command line tool: it writes the bytes
// [LineWriter] writes for the lines of Run and returns the [Summary] of
// the run, about as fast as encoding/csv reads and writes the two files
// (see the README's performance section). Most subscriptions of a plan
// were active during the whole window and pay the list price: their lines
// differ only in the IDs and the key, so the figures of a plan, window,
// billing anchor and charge are computed once and reused (Run does the
// same); the others take the fast path. Rows are read, parsed and checked
// for duplicate ids in batches, in a goroutine of the run's own.
//
// # Duplicate ids
//
// A subscriptions file lists each ID once; a repeated ID is refused (the
// second row and each later one), since crediting a subscription twice is
// the one mistake the idempotency key may miss (two rows of an ID with
// different active ranges have different incidents, hence keys). Exact
// detection would need memory that grows with the file (an ID of 8 bytes
// at least per row: 80 MB for ten million), which a batch that must stay
// flat cannot afford; detecting only adjacent repeats would require a
// sorted file. So IDs are remembered as hashes, in memory that does not
// grow:
//
//   - the first 65,536 IDs exactly, as 64-bit hashes with their lines (the
//     refusal names the first line: "duplicate id (first on line 6)");
//   - beyond, as 56-bit hashes (24 bits of a slot in a table of 2^24, 32
//     bits of fingerprint) in a fixed 64 MiB table outside the
//     garbage-collected heap, released when the file is read; the
//     refusal then says "an earlier row has the same id", without its
//     line. Past 12.5 million distinct IDs in one run, another 64 MiB table
//     is added: split runs that large with shards (see [Shard]).
//
// The trade-off is a false refusal: a new ID whose fingerprint equals
// that of an ID it is compared with. Its probability is below 10⁻⁹ per row
// at ten million IDs (about one refused row in a hundred runs of that
// size), and such a row is refused with its reason, listed with the
// rejects and counted in the summary like any other: never dropped
// silently, and credited by a rerun of the refused rows. A true duplicate
// is always refused.
//
// # Shards
//
// A run can be split into n shards that run anywhere (a batch scheduler,
// a Kubernetes indexed job): [Shard] i of n holds the subscriptions whose
// ID's FNV-1a 64-bit hash, modulo n, is i ([Shard.Contains], the -shard
// flag of the command line tool, ReadOptions.Shard and
// BatchOptions.Shard). All the rows of an ID fall in the same shard, so
// duplicates are found within it; rows that are not valid CSV belong to
// shard 0. The lines of the n shards are the lines of the whole run, and
// their summaries merge into its summary ([Summary.Merge]).
//
// A [Summary] counts what it is given: Read = Credited + Zero + Rejected
// subscriptions, the lines, and totals per currency and per plan that are
// the exact sums of the lines' amounts and never mix currencies. It can be
// rebuilt from a lines file with [ReadSummary], and summaries of shards
// merge with [Summary.Merge].
//
// # Exposure
//
// An [Exposure] prices outages that have not happened, or not yet ended:
// for each length of a list, an outage of the service (or of some
// components) at a level, placed in the window of each policy holding an
// instant, on top of the incidents of a Config, and the credits it would
// add ([Curve]: per length, per currency and per plan; the subscriptions
// credited more; the tiers and caps reached). Its placement is at an
// instant, after the incidents (a live incident that goes on), or the
// worst: where it counts the most weighted downtime, as sla measures each
// candidate start (exclusions, whole minutes, minimum downtime periods,
// what the window holds; see [PlaceWorst]).
//
// A point is exact: its totals are, to the last digit, those of the lines
// a credit run with the outage added (the incident [Outage] returns) would
// write, settled against the Config's Ledger when it has one (a point is
// then what the window's settlement would issue beyond what it issues
// without the outage). They are computed without that run: subscriptions
// whose credits are the same for every outage (one plan, charge for the
// window, for a Prorated rule billing periods and price, nothing in the
// ledger, and the whole window's figures with and without each outage)
// form cohorts, priced once per length from the window measured with the
// outage and their charge (lengths whose window gives the rule the same
// share, a tier or a number of steps, once); the others are priced on
// their own, at the lengths whose outage changes what they saw. A plan
// whose terms give each subscription a credit of its own (a PeriodCap,
// which depends on its cap period and the ledger; LostTime, PerInterval
// and CapDays, which read its active time) has
// every subscription priced on its own, as a credit run prices it; under
// proration conventions only subscriptions active during the whole
// window form cohorts.
// [Exposure.RunCSV] prices a million subscriptions for 300 lengths in
// about 1.5 to 2.0 times the CPU time of one credit run over them (the
// README's performance section).
//
// # Files
//
// Plans are YAML or JSON files ([LoadPlans]): a list under "plans" in the
// field names of [Plan]'s yaml tags; every problem is reported with its
// file, line and field path.
//
// Subscriptions are CSV files with a header line naming the columns of
// [SubscriptionColumns]:
//
//	id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged
//
// id and plan_id are required, the others optional; times are RFC 3339, or
// local times and dates in the plan's billing zone. Values are read as
// written: text that is not UTF-8, has white space around it or holds a
// line break ("1\n", "sub-1 ") is the mark of a broken export and is
// refused rather than trimmed. [ReadSubscriptions] refuses a bad row
// (unknown plan, "1,5", an impossible date, a negative quantity, a
// duplicate id (see Duplicate ids), active_until not after active_from,
// such text, a wrong number of fields) with a [*RowError] naming its line,
// column, value and reason, and reads on: no row is dropped silently. CSV is read and written as encoding/csv reads and writes it,
// records, quoting and error positions alike, without its allocations.
//
// Lines are written by [LineWriter] and read back by [ReadLines] as CSV
// with the header of [LineColumns]:
//
//	subscription_id,customer_id,plan_id,window_start,window_end,currency,charge,
//	downtime_seconds,weighted_seconds,measured_seconds,availability_percent,rule,band,
//	raw,multiplier,capped,below_minimum,rounding,amount,claim_deadline,incidents,
//	idempotency_key,explanation
//
// Amounts have the currency's places ("0.30", "20", "0.251", see
// [FormatAmount]), charge and raw 6 places, seconds are exact decimals and
// times RFC 3339.
//
// A [Summary] counts and totals the lines of a run (Read = Credited + Zero +
// Rejected on every path); [ReadSummary] rebuilds it from a lines file, and
// its JSON form ([Summary.MarshalJSON]) is what an importer checks a lines
// file against.
package credit
