package campaign

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseMoneyIsStrict(t *testing.T) {
	for in, want := range map[string]int64{
		"0.5 USD":                 50,
		"1,200,000.05 USD":        120000005,
		"100,000,000,000.00 USD":  MaxAmount,
		"-100,000,000,000 USD":    -MaxAmount,
		"99999999999.99 USD":      9999999999999,
		"007 USD":                 700,
		"00000000000000000.1 USD": 10,
	} {
		got, err := ParseMoney(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got.Amount, in)
	}
	for in, why := range map[string]string{
		"+5.+1 USD":                       "want a number",
		"+5 USD":                          "want a number",
		"5. USD":                          "at most two decimals",
		".5 USD":                          "digits before the decimal point",
		"-.5 USD":                         "digits before the decimal point",
		"5- USD":                          "want a number",
		"--5 USD":                         "want a number",
		"5-5 USD":                         "want a number",
		"1.2.3 USD":                       "want a number",
		"1,20 USD":                        "groups of three",
		"1,,200 USD":                      "groups of three",
		",200 USD":                        "groups of three",
		"1200,000 USD":                    "groups of three",
		"1,200. USD":                      "at most two decimals",
		"1.5e3 USD":                       "want a number",
		"0x10 USD":                        "want a number",
		"１２ USD":                          "want a number", // full-width digits
		"100,000,000,000.01 USD":          "past the maximum of 100,000,000,000.00",
		"92233720368547758.07 USD":        "past the maximum",
		"9223372036854775808 USD":         "past the maximum",
		"-9223372036854775808 USD":        "past the maximum",
		strings.Repeat("9", 400) + " USD": "past the maximum",
	} {
		_, err := ParseMoney(in)
		require.Error(t, err, in)
		require.Contains(t, err.Error(), why, in)
		require.Contains(t, err.Error(), "(got ", "the error quotes the input: %v", err)
	}
}

func TestMinorUnitsRefusesWhatWouldWrap(t *testing.T) {
	v, err := MinorUnits(1200, 50)
	require.NoError(t, err)
	require.Equal(t, int64(120050), v)
	v, err = MinorUnits(MaxAmount/100, 0)
	require.NoError(t, err)
	require.Equal(t, MaxAmount, v)
	for _, c := range [][2]int64{{MaxAmount / 100, 1}, {92233720368547758, 7}, {1 << 62, 0}, {-1, 0}, {1, 100}, {1, -1}} {
		_, err := MinorUnits(c[0], c[1])
		require.Error(t, err, c)
	}
	require.NoError(t, CheckAmount(-MaxAmount))
	require.Error(t, CheckAmount(MaxAmount+1))
	require.Equal(t, "-92,233,720,368,547,758.08", FormatMinor(-1<<63), "the most negative int64 renders, not wraps")
}

// FuzzParseMoney: never panics; whatever is accepted is within MaxAmount and
// reads back the same through String().
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1200 USD", "1,200.50 USD", "USD 0.5", "-3.25 GBP", "+5.+1 USD", "5. USD", ".5 USD",
		"1,20 USD", "100,000,000,000.00 USD", "100,000,000,000.01 USD", "9223372036854775807 USD", "-0 EUR",
		"1.2.3 USD", "", "USD", "1 2 USD", "\x00 USD", "٣ USD", "1,,0 USD", "0,000 USD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			if !strings.Contains(err.Error(), "(got ") {
				t.Fatalf("error does not say what it got: %v", err)
			}
			return
		}
		if CheckAmount(m.Amount) != nil {
			t.Fatalf("%q accepted as %d, past MaxAmount", s, m.Amount)
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("%q → %v → %q → %v, %v", s, m, m.String(), back, err)
		}
	})
}
