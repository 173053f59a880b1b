package campaign

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// Rates are exchange rates from configuration: "EUR/USD" → 1.08 means one
// euro is 1.08 US dollars. A pair also converts the other way (1 / rate).
// Money is never mixed silently: a conversion with no rate is an error that
// names the missing pair.
type Rates map[string]*big.Rat

// ParseRates reads "EUR/USD=1.08, GBP/USD=1.27" (the FX_RATES setting).
// An empty string gives no rates: only same-currency reports work.
func ParseRates(s string) (Rates, error) {
	r := Rates{}
	var problems []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		pair, val, ok := strings.Cut(part, "=")
		from, to, ok2 := strings.Cut(strings.TrimSpace(pair), "/")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		rate, ok3 := new(big.Rat).SetString(strings.TrimSpace(val))
		switch {
		case !ok || !ok2 || !isCurrencyCode(from) || !isCurrencyCode(to):
			problems = append(problems, fmt.Sprintf("%q: want FROM/TO=RATE such as EUR/USD=1.08", part))
		case from == to:
			problems = append(problems, fmt.Sprintf("%q: a currency needs no rate to itself", part))
		case !ok3 || rate.Sign() <= 0:
			problems = append(problems, fmt.Sprintf("%q: the rate must be a number > 0", part))
		default:
			r[from+"/"+to] = rate
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("exchange rates (FX_RATES): %s", strings.Join(problems, "; "))
	}
	return r, nil
}

// String lists the rates as configured, sorted: "EUR/USD=1.08".
func (r Rates) String() string {
	var out []string
	for k, v := range r {
		out = append(out, k+"="+strings.TrimRight(strings.TrimRight(v.FloatString(6), "0"), "."))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// rate finds FROM→TO directly or as the inverse of TO/FROM.
func (r Rates) rate(from, to string) (*big.Rat, bool) {
	if v, ok := r[from+"/"+to]; ok {
		return v, true
	}
	if v, ok := r[to+"/"+from]; ok {
		return new(big.Rat).Inv(v), true
	}
	return nil, false
}

// CanConvert reports whether money in from can be shown in to.
func (r Rates) CanConvert(from, to string) bool {
	if from == to {
		return true
	}
	_, ok := r.rate(from, to)
	return ok
}

// Convert turns m into currency to, rounding half away from zero to a minor unit.
func (r Rates) Convert(m Money, to string) (Money, error) {
	if m.Currency == to {
		return m, nil
	}
	rate, ok := r.rate(m.Currency, to)
	if !ok {
		return Money{}, fmt.Errorf("no exchange rate from %s to %s: add %s/%s=RATE to FX_RATES", m.Currency, to, m.Currency, to)
	}
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(m.Amount), rate)
	return Money{Amount: roundRat(v), Currency: to}, nil
}

// roundRat rounds half away from zero.
func roundRat(v *big.Rat) int64 {
	num, den := new(big.Int).Set(v.Num()), v.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}
