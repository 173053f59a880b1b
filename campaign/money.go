package campaign

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Money is an amount in integer minor units (cents) of an ISO 4217 currency.
// Floats never carry money: rounding errors in fees are not acceptable.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// ParseMoney reads "1200 USD", "1,200.50 USD" or "USD 1200.50". Two decimals at most.
func ParseMoney(s string) (Money, error) {
	fields := strings.Fields(strings.TrimSpace(s))
	if len(fields) != 2 {
		return Money{}, fmt.Errorf("want an amount and a currency such as \"1200.00 USD\" (got %q)", s)
	}
	num, cur := fields[0], fields[1]
	if isCurrencyCode(num) {
		num, cur = cur, num
	}
	if !isCurrencyCode(cur) {
		return Money{}, fmt.Errorf("want a three-letter currency code such as USD (got %q)", cur)
	}
	num = strings.ReplaceAll(num, ",", "")
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	whole, frac, hasFrac := strings.Cut(num, ".")
	if hasFrac && (len(frac) == 0 || len(frac) > 2) {
		return Money{}, fmt.Errorf("want at most two decimals (got %q)", fields[0])
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 {
		return Money{}, fmt.Errorf("want a number (got %q)", fields[0])
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return Money{}, fmt.Errorf("want a number (got %q)", fields[0])
	}
	amount := w*100 + f
	if neg {
		amount = -amount
	}
	return Money{Amount: amount, Currency: cur}, nil
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// String renders "1,200.50 USD".
func (m Money) String() string {
	if m.Currency == "" {
		return "n/a"
	}
	return FormatMinor(m.Amount) + " " + m.Currency
}

// FormatMinor renders minor units as "1,200.50".
func FormatMinor(amount int64) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	whole := strconv.FormatInt(amount/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), amount%100)
}

// UnmarshalYAML lets a brief write money as "1200.00 USD".
func (m *Money) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if n.Kind != yaml.ScalarNode || n.Decode(&s) != nil {
		return fmt.Errorf("line %d, column %d: want money such as \"1200.00 USD\", not %s", n.Line, n.Column, nodeKind(n))
	}
	v, err := ParseMoney(s)
	if err != nil {
		return fmt.Errorf("line %d, column %d: %w", n.Line, n.Column, err)
	}
	*m = v
	return nil
}

// Add sums two amounts of one currency; mixing currencies is a programming error
// the caller must have ruled out.
func (m Money) Add(o Money) Money {
	if m.Currency == "" {
		return o
	}
	return Money{Amount: m.Amount + o.Amount, Currency: m.Currency}
}
