package reply_test

import (
	"testing"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// TestHostileShortReplies: short replies written to break the rules (a
// reviewer's, not the corpus writer's) — yes-words in declines, negations in
// yeses, curly apostrophes, questions without "?", links that are no
// submission. The reader may be unsure; it must never act on a wrong reading.
func TestHostileShortReplies(t *testing.T) {
	const (
		acc, dec, cnt, que = reply.Accept, reply.Decline, reply.Counter, reply.Question
		drf, pub, unc, aut = reply.Draft, reply.Published, reply.Unclear, reply.Auto
	)
	offer := campaign.Money{Amount: 100000, Currency: "EUR"}
	cases := []struct {
		text string
		want reply.Intent
	}{
		{"It's a great brand. No, sorry.", dec},
		{"Love the idea.\nThanks, no.", dec},
		{"Super busy right now, sorry I can't.", dec},
		{"Absolutely not.", dec},
		{"Of course not, we don't do alcohol brands.", dec},
		{"Claro, entiendo. Ahora mismo no me viene bien.", dec},
		{"Vale, lo he pensado y al final no.", dec},
		{"Me encanta la marca.\nGracias, no.", dec},
		{"Va bene, ci ho pensato: non fa al caso mio.", dec},
		{"C'est top, merci. Je ne suis pas dispo en ce moment.", dec},
		{"Klingt super. Zeitlich schaffe ich es nicht.", dec},
		{"Ja klar, nur nicht jetzt.", dec},
		{"Claro que adorei a proposta, só que não vai dar.", dec},
		{"Top dat jullie aan me denken. Ik heb er nu echt geen zin in.", dec},
		{"Sounds great!\nIs usage included", que},
		{"Happy to. Before I confirm — do you cover travel.", que},
		{"Avec plaisir. Pourriez-vous préciser les dates", que},
		{"Yes please! Just checking, is the 1000 EUR before tax", que},
		{"Please show me the contract first.", unc},
		{"Send me the top-line brief first.", unc},
		{"Te escribo la semana que viene con más calma.\n\nVale Martínez", unc},
		{"I'm not only happy to do it, I'm thrilled!", acc},
		{"Never been so excited about a brand, count me in!", acc},
		{"I can't say no to this, count me in!", acc},
		{"Ik kan niet wachten, ik doe mee!", acc},
		{"Not sure.", unc},
		{"Sounds good, I'm in.\nMia | lifestyle creator | https://www.tiktok.com/@mia/video/7234567", acc},
		{"Is this the right format? https://www.instagram.com/p/Cabc123/", que},
		{"Here is a similar reel I did: https://www.instagram.com/reel/Cxyz/ — I'd charge €1,500 for one like it.", cnt},
		{"Not live yet, still editing: https://www.instagram.com/p/Cabc123/", drf},
		{"Can you check my media kit first? https://mia.example/mediakit.pdf", que},
		{"Reel 99,999,999,999.00 € + 3 stories at 99,999,999,999.00 € each", cnt},
		{"3 stories at 9,999,999,999.00 € each", cnt},
		{"Love the brand, but I can’t commit to this one.", dec},
		{"Can’t wait to start — I’m in!", acc},
		{"I’m afraid I’m fully committed through March.", dec},
		{"I’ll pass.", dec},
		{"I can’t take this on.", dec},
		{"I won’t be able to do it.", dec},
		{"Thanks for the offer, I’d rather not.", dec},
		{"Thanks! Let’s do it!", acc},
		{"Sounds lovely, but I’ll pass.", dec},
		{"Hey! No. Thanks though, love the brand", dec},
		{"Hi! I'm on holiday until 12 May with no wifi. I'll get back to you after.", aut},
		{"Estoy de viaje hasta el lunes, te respondo a la vuelta.", aut},
		{"Sono in viaggio fino al 20, rispondo al rientro.", aut},
		{"Estou viajando até dia 10 e sem acesso ao e-mail.", aut},
		{"Ik ben tot 5 augustus op reis en heb beperkt toegang tot mijn mail.", aut},
		{"Yes! https://drive.google.com/file/d/abc/view", drf},
		{"It’s live 🎉 https://www.instagram.com/reel/Cq1w2e3r4t/", pub},
	}
	wrongActs, wrong := 0, 0
	for _, c := range cases {
		r := reply.ReadText(c.text, reply.Message{Offer: offer})
		acted := r.Intent.Actionable() && r.Sure()
		if r.Intent != c.want {
			wrong++
			t.Logf("read %s (%.2f, acted=%v), want %s: %q — %v", r.Intent, r.Confidence, acted, c.want, c.text, r.Why)
			if acted {
				wrongActs++
				t.Errorf("acted on a wrong reading: %s for %q (want %s)", r.Intent, c.text, c.want)
			}
		}
		if (c.want == dec || c.want == que || c.want == unc) && r.Intent == acc && acted {
			t.Errorf("a %s acted on as accept: %q", c.want, c.text)
		}
		if r.Intent == cnt && r.Ask != nil && r.Ask.Amount > reply.MaxMinor {
			t.Errorf("an ask past the bound: %v for %q", r.Ask, c.text)
		}
	}
	t.Logf("%d of %d read wrong, %d of them acted on", wrong, len(cases), wrongActs)
}
