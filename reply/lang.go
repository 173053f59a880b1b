package reply

import (
	"regexp"
	"strings"
)

// Frequent short words of each language the reader knows; the language is
// the one whose words the reply uses most. Explainable, and good enough for
// the few sentences of a reply.
var stopwords = map[string][]string{
	"en": {"the", "and", "you", "for", "this", "that", "with", "thanks", "thank", "would", "will", "can", "i'm", "it's", "but", "not", "have", "my", "your", "are", "is", "be", "we", "so", "of", "to", "me", "love", "sounds", "great", "hi", "hey", "yes", "sure", "please", "just", "what", "how", "when"},
	"de": {"und", "ich", "nicht", "das", "die", "der", "ist", "für", "mit", "sie", "ein", "eine", "auf", "auch", "danke", "vielen", "gerne", "leider", "aber", "wir", "mich", "mir", "bin", "kann", "wäre", "würde", "hallo", "grüße", "liebe", "gruß", "zu", "es", "dass", "euch", "ihr", "uns", "schon", "noch", "habe"},
	"es": {"que", "de", "el", "la", "los", "las", "por", "para", "con", "una", "muy", "gracias", "pero", "es", "mi", "me", "lo", "sí", "hola", "puedo", "estoy", "tengo", "sería", "nos", "vuestra", "vuestro", "su", "mucho", "también", "encanta", "saludos", "cuándo", "qué", "cómo", "y", "en", "un", "del"},
	"fr": {"le", "la", "les", "de", "des", "et", "est", "je", "vous", "pour", "pas", "une", "un", "merci", "avec", "mais", "suis", "mon", "ma", "ce", "cette", "bonjour", "très", "serait", "votre", "nous", "bien", "oui", "c'est", "j'ai", "je", "du", "au", "qui", "sur", "cordialement", "ne"},
	"pt": {"de", "que", "não", "para", "com", "uma", "um", "muito", "obrigado", "obrigada", "mas", "é", "eu", "meu", "minha", "você", "vocês", "olá", "oi", "sim", "posso", "estou", "seria", "nos", "também", "abraços", "ficaria", "seu", "sua", "da", "do", "em", "por", "isso", "está", "agora", "então"},
	"it": {"di", "che", "il", "la", "per", "non", "sono", "una", "un", "grazie", "ma", "è", "mi", "con", "molto", "ciao", "sì", "posso", "sarebbe", "vostro", "vostra", "anche", "della", "del", "lo", "gli", "le", "ho", "questa", "questo", "saluti", "buongiorno", "perché", "quando", "ti", "ci", "io"},
	"nl": {"de", "het", "een", "en", "ik", "niet", "van", "voor", "met", "dat", "is", "je", "jullie", "bedankt", "maar", "mijn", "wel", "ook", "graag", "dank", "hoi", "hallo", "zijn", "kan", "zou", "wil", "groetjes", "groet", "dit", "op", "te", "er", "heel", "leuk", "nog", "geen", "we"},
}

var wordRE = regexp.MustCompile(`[\p{L}']+`)

// Language names the language of text (ISO 639-1), "en" when unsure.
func Language(text string) string {
	counts := map[string]int{}
	for _, w := range wordRE.FindAllString(strings.ToLower(text), 400) {
		for lang, words := range stopwords {
			for _, s := range words {
				if s == w {
					counts[lang]++
					break
				}
			}
		}
	}
	best, n := "en", 0
	for _, lang := range []string{"en", "de", "es", "fr", "pt", "it", "nl"} { // fixed order: ties are stable
		if counts[lang] > n {
			best, n = lang, counts[lang]
		}
	}
	return best
}
