package main

import (
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
)

// amountText writes an amount with its currency's decimal places: "0.30",
// "20" (JPY), "0.251" (KWD).
func amountText(d decimal.Decimal, u currency.Unit) string {
	return d.StringFixed(int32(credit.Digits(u)))
}

// The JSON form of a credit summary: what an importer checks a lines file
// against. Amounts are decimal strings with the currency's places.
type (
	summaryDoc struct {
		Read     int64       `json:"subscriptions_read"`
		Credited int64       `json:"subscriptions_credited"`
		Zero     int64       `json:"subscriptions_zero"`
		Rejected int64       `json:"subscriptions_rejected"`
		Lines    int64       `json:"lines"`
		Totals   []totalDoc  `json:"totals"`
		Plans    []planTotal `json:"plans"`
	}
	totalDoc struct {
		Currency string `json:"currency"`
		Amount   string `json:"amount"`
		Lines    int64  `json:"lines"`
	}
	planTotal struct {
		Plan          string `json:"plan"`
		Currency      string `json:"currency"`
		Rule          string `json:"rule"`
		Subscriptions int64  `json:"subscriptions_credited"`
		Amount        string `json:"amount"`
	}
)

func summaryJSON(s *credit.Summary) summaryDoc {
	d := summaryDoc{
		Read: s.Read, Credited: s.Credited, Zero: s.Zero, Rejected: s.Rejected, Lines: s.Lines,
		Totals: []totalDoc{}, Plans: []planTotal{},
	}
	for _, t := range s.Totals {
		d.Totals = append(d.Totals, totalDoc{t.Currency.String(), amountText(t.Amount, t.Currency), t.Lines})
	}
	for _, p := range s.Plans {
		d.Plans = append(d.Plans, planTotal{p.Plan, p.Currency.String(), p.Rule.String(), p.Subscriptions, amountText(p.Amount, p.Currency)})
	}
	return d
}
