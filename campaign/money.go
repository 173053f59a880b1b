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

// MaxAmount bounds every amount in minor units: 10^13, i.e. 100 billion in
// major units. It is far above any fee or budget, and far enough below
// int64's range that sums of many amounts (budgets, reports) cannot wrap.
const MaxAmount int64 = 10_000_000_000_000

// maxWholeDigits is how many digits the whole part of MaxAmount has (12):
// longer whole parts are refused before any arithmetic.
const maxWholeDigits = 12

// MinorUnits is the checked way to build an amount from its whole and
// fractional (0–99) parts: it refuses negatives and anything past MaxAmount
// instead of wrapping. Parsers of amounts in free text use it.
func MinorUnits(whole, frac int64) (int64, error) {
	if whole < 0 || frac < 0 || frac > 99 {
		return 0, fmt.Errorf("amount parts must be a whole number and 0–99 hundredths (got %d and %d)", whole, frac)
	}
	if whole > MaxAmount/100 || whole*100+frac > MaxAmount {
		return 0, fmt.Errorf("amount is past the maximum of %s (got %d.%02d)", FormatMinor(MaxAmount), whole, frac)
	}
	return whole*100 + frac, nil
}

// CheckAmount reports whether an amount in minor units is within ±MaxAmount.
func CheckAmount(minor int64) error {
	if minor > MaxAmount || minor < -MaxAmount {
		return fmt.Errorf("amount is past the maximum of %s (got %d minor units)", FormatMinor(MaxAmount), minor)
	}
	return nil
}

// ParseMoney reads "1200 USD", "1,200.50 USD" or "USD 1200.50", strictly:
// an optional leading "-", digits (thousands separated by commas in groups
// of three, or no commas at all), then optionally "." and one or two
// decimals. Anything else ("+5", "5.", ".5", "1,20", "5-", "1.2.3") and any
// amount past MaxAmount is an error saying what was wrong.
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
	amount, err := parseMinor(num)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: amount, Currency: cur}, nil
}

// parseMinor reads the number of ParseMoney into minor units.
func parseMinor(num string) (int64, error) {
	orig := num
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	whole, frac, hasFrac := strings.Cut(num, ".")
	if whole == "" {
		return 0, fmt.Errorf("want digits before the decimal point, such as 0.50 (got %q)", orig)
	}
	if !allDigits(frac) {
		return 0, fmt.Errorf("want a number such as 1,200.50 (got %q)", orig)
	}
	if hasFrac && (len(frac) == 0 || len(frac) > 2) {
		return 0, fmt.Errorf("want at most two decimals (got %q)", orig)
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if !allDigits(g) || g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("want thousands separated by commas in groups of three, such as 1,200,000 (got %q)", orig)
			}
		}
		whole = strings.Join(groups, "")
	}
	if !allDigits(whole) {
		return 0, fmt.Errorf("want a number such as 1,200.50 (got %q)", orig)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxWholeDigits {
		return 0, fmt.Errorf("amount is past the maximum of %s (got %q)", FormatMinor(MaxAmount), orig)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var w, f int64
	for _, c := range whole {
		w = w*10 + int64(c-'0')
	}
	f = int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	amount, err := MinorUnits(w, f)
	if err != nil {
		return 0, fmt.Errorf("amount is past the maximum of %s (got %q)", FormatMinor(MaxAmount), orig)
	}
	if neg {
		amount = -amount
	}
	return amount, nil
}

// allDigits reports whether s holds ASCII digits only ("" holds none, so it does).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
	sign, abs := "", uint64(amount)
	if amount < 0 {
		sign, abs = "-", -uint64(amount) // uint64: -MinInt64 would wrap in int64
	}
	whole := strconv.FormatUint(abs/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), abs%100)
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
