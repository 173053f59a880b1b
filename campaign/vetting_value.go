package campaign

// value grades what the fee buys: expected engagements and views for the
// brief's formats against the brief's cost targets (ValueTargets).
func (v *vetter) value(c *Creator, rate Money, hasRate bool, ex explain) Component {
	comp := Component{Name: CompValue, Value: 0.5}
	if !hasRate || rate.Amount <= 0 {
		comp.Reason = ex.f("no rate for the brief's formats: neutral")
		return comp
	}
	posts := int64(max(1, len(v.b.Formats)))
	eng := c.Engagements() * posts
	views, est := c.AvgViews*posts, ""
	if c.AvgViews <= 0 {
		views, est = c.Followers*posts/4, " (est. a quarter of followers)"
	}
	grade := func(cost, target float64) float64 {
		if cost <= 0 {
			return 1
		}
		return clamp01(0.5 * target / cost)
	}
	var cpe, cpm float64
	ge, gm := 0.0, 0.0
	if eng > 0 {
		cpe = float64(rate.Amount) / float64(eng)
		ge = grade(cpe, float64(v.cpe))
	}
	if views > 0 {
		cpm = float64(rate.Amount) / float64(views) * 1000
		gm = grade(cpm, float64(v.cpm))
	}
	comp.Value = (ge + gm) / 2
	if ex {
		cur := rate.Currency
		comp.Reason = ex.f("fee %s for ~%d engagements (%s per engagement, target %s) and ~%d views%s (CPM %s, target %s)",
			rate, eng, Money{Amount: int64(cpe + 0.5), Currency: cur}, Money{Amount: v.cpe, Currency: cur},
			views, est, Money{Amount: int64(cpm + 0.5), Currency: cur}, Money{Amount: v.cpm, Currency: cur})
	}
	return comp
}

// CreatorRate is the creator's rate for the brief: the sum of the rate card's
// prices for the brief's formats, or the cheapest format when the brief names
// none. ok is false when the rate card cannot tell (no card, a format missing,
// or prices in another currency than the budget).
func CreatorRate(b Brief, c Creator) (Money, bool) { return creatorRate(&b, &c) }

func creatorRate(b *Brief, c *Creator) (Money, bool) {
	if len(c.RateCard) == 0 {
		return Money{}, false
	}
	cur := b.Budget.Currency
	if len(b.Formats) > 0 {
		total := Money{Currency: cur}
		for _, f := range b.Formats {
			m, ok := c.RateCard[f]
			if !ok || m.Currency != cur {
				return Money{}, false
			}
			total.Amount += m.Amount
		}
		return total, true
	}
	var best Money
	for _, m := range c.RateCard { // the minimum does not depend on the order
		if m.Currency != cur {
			continue
		}
		if best.Currency == "" || m.Amount < best.Amount {
			best = m
		}
	}
	return best, best.Currency != ""
}

// BudgetPerCreator is the budget divided by creators_wanted.
func (b Brief) BudgetPerCreator() Money {
	if b.CreatorsWanted <= 0 {
		return b.Budget
	}
	return Money{Amount: b.Budget.Amount / int64(b.CreatorsWanted), Currency: b.Budget.Currency}
}

func rateAgainstBudget(b *Brief, c *Creator, ex explain) (Money, bool, *Flag) {
	rate, ok := creatorRate(b, c)
	if !ok {
		return rate, false, nil
	}
	per := b.BudgetPerCreator()
	switch {
	case rate.Amount > b.Budget.Amount:
		return rate, true, &Flag{Kind: FlagRateAboveBudget, Severity: Severe,
			Evidence: ex.f("rate %s is above the whole budget %s", rate, b.Budget)}
	case rate.Amount > per.Amount:
		return rate, true, &Flag{Kind: FlagRateAboveBudget, Severity: Warning,
			Evidence: ex.f("rate %s is above the budget per creator %s", rate, per)}
	}
	return rate, true, nil
}
