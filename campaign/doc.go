// Package campaign is the domain of creatorflow: briefs and their validation,
// creators and tiers, money, reply classification and the report math.
// It is pure Go with no I/O, so workflows can use it deterministically.
package campaign
