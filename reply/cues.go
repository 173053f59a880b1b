package reply

import (
	"regexp"
	"sort"
	"strings"
)

// The cue tables: phrases that say no, yes, not yet, or ask, in English,
// German, Spanish, French, Portuguese, Italian and Dutch. Each verdict names
// the cue it matched, so a wrong reading shows which phrase to mend.

// words matches any alternative as whole words (Unicode letters: RE2's \b
// knows only ASCII).
func words(alternatives string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}'’])(?:` + alternatives + `)(?:$|[^\p{L}\p{N}])`)
}

// phraseSet is a long list of alternatives compiled in chunks: one huge
// alternation outgrows RE2's DFA and is matched by the slow NFA (200 ms for
// 10 KB); chunks of a few dozen stay fast and linear.
type phraseSet []*regexp.Regexp

func phrases(alternatives string) phraseSet {
	var parts []string
	depth, last := 0, 0
	for i, r := range alternatives {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				parts = append(parts, alternatives[last:i])
				last = i + 1
			}
		}
	}
	parts = append(parts, alternatives[last:])
	var set phraseSet
	for i := 0; i < len(parts); i += 40 {
		set = append(set, words(strings.Join(parts[i:min(i+40, len(parts))], "|")))
	}
	return set
}

func (p phraseSet) MatchString(s string) bool {
	for _, re := range p {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindAllStringIndex returns every match of every chunk, in text order.
func (p phraseSet) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for _, re := range p {
		out = append(out, re.FindAllStringIndex(s, n)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// FindString returns the earliest match.
func (p phraseSet) FindString(s string) string {
	if m := p.FindAllStringIndex(s, 1); len(m) > 0 {
		return s[m[0][0]:m[0][1]]
	}
	return ""
}

var (
	// A plain no.
	declineRE = phrases(`(signed|have|under|in) (an? )?(category |exclusive |exclusivity )*(exclusive|exclusivity)( deal| contract| agreement)?|in breach of|ambassador (for|of|with) (another|a competing|a competitor)|(isn'?t|aren'?t|is not|are not|'?m not|am not|won'?t be|will not be) (taking|accepting|doing|looking for) (on )?(any )?([\p{L}-]+ ){0,2}(brands?|deals|partnerships|collaborations|collabs|sponsorships|sponsored|projects|campaigns|paid work|ads|work)|(stopped|quit|gave up|no longer) (doing|taking|accepting|making) ([\p{L}-]+ ){0,2}(sponsored|paid|brand|partnerships|streams|deals|collabs|ads|content|posts)|(withdraw|pull out|back out|drop out|step back)( from)?|(me retirer|me désister|me retire)|(retirarme|desistir|me retiro)|(desistir|me retirar|retirar-me)|(ritirarmi|mi ritiro|rinunciare)|(terugtrekken|trek me terug|zie af van)|(zurückziehen|ziehe mich zurück|muss absagen)|(exklusivvertrag|exklusivität mit)|(exclusividad con|contrato de exclusividad)|(exclusivité avec|contrat d'?exclusivité)|(exclusividade com|contrato de exclusividade)|(esclusiva con|contratto di esclusiva)|(exclusiviteit met|exclusief contract)|no trabajo con|não trabalho com|non lavoro con|je ne travaille pas avec|ich arbeite nicht mit|ik werk niet met|(mache|nehme) (ich )?([\p{L}]+ ){0,2}keine|(promoot|promote|bewerbe|promuovo|promociono|promovo|promeus) (ik |ich |io |yo |eu )?([\p{L}]+ ){0,2}(niet|geen|nicht|keine|non|no|não|pas)( meer| mehr| più| más| mais| plus)?|niet meer|nicht mehr mit|it'?s a pass|a pass for (me|us)|i'?ll pass|prefer not to (participate|take part|do)|i no longer do|i don'?t do (sponsored|paid|brand|ads)|(won'?t|will not|not going to|wouldn'?t) (be )?(promot(e|ing)|advertis(e|ing)|endors(e|ing))|(only|exclusively) (promote|recommend|work with|partner with)|not (really |quite )?in line with|(devoir|dois|vais|must|have to|tengo que|debo|preciso|tenho que|devo|moet|muss|werde|vou ter que|vou) ([\p{L}]+ ){0,2}(refuser|décliner|rechazar|declinar|recusar|rifiutare|declinare|weigeren|afslaan|ablehnen|absagen|turn (it|this) down)|refuser|prefiero no|no (me )?encaja|no voy a (promocionar|hacer|participar|anunciar)|ya no hago|solo trabajo con|je préfère ne pas|je ne fais plus|je ne travaille qu'?avec|je ne vais pas (promouvoir|faire|participer)|prefiro não|não faço mais|só trabalho com|não vou (promover|fazer|participar|divulgar)|preferisco non|non faccio più|lavoro solo con|non ([\p{L}]+ ){0,2}in linea|non (promuovo|pubblicizzo)|ich möchte (lieber )?nicht|arbeite nur mit|mache (ich )?keine ([\p{L}-]+ ){0,2}mehr|(bewerbe|promote) (ich )?keine|prefereer (om )?niet|niks voor mij|promoot (ik )?geen|doe ik niet meer|werk (alleen|enkel|uitsluitend) met|laat (ik )?(deze|dit) (keer )?(schieten|lopen|gaan|aan me voorbij gaan)|bedank ik (voor|vriendelijk)|(have to|must|need to|gonna|going to|'ll have to|will have to) say no|it'?s a no|that'?s a no|a no from me|a hard no|i'?ll say no|(not|no longer) (taking|accepting|doing|looking for) (on )?(any )?([\p{L}-]+ ){0,2}(brands?|deals|partnerships|collaborations|collabs|sponsorships|sponsored|projects|campaigns|paid work|ads)|(muss|werde) (ich )?(leider |also |dann )?nein sagen|ist ein nein|(nehme|mache) (ich )?(gerade |aktuell |derzeit |momentan )?keine ([\p{L}-]+ ){0,2}(kooperationen|werbung|partnerschaften|anfragen|aufträge|projekte)|passt ([\p{L}]+ ){0,2}nicht|(tengo|tendré|debo) que decir(te|le|les)? que no|es un no|no estoy (aceptando|haciendo|tomando|cogiendo) ([\p{L}]+ ){0,2}(colaboraciones|campañas|patrocinios|proyectos|acuerdos|marcas|publicidad)|je (dois|vais) dire non|c'?est (un )?non|(j'?arrête|je ne fais plus|je ne prends plus|je n'?accepte plus|je ne prends pas) ([\p{L}']+ ){0,2}(partenariats|collaborations|collabs|placements|projets|campagnes)|(tenho|vou ter) que dizer não|é um não|não fecha (pra|para) mim|não estou (aceitando|fazendo|pegando) ([\p{L}]+ ){0,2}(parcerias|publis|publicidade|campanhas|colaborações|trabalhos|jobs)|devo dire (di )?no|è un no|(questa volta|stavolta|per ora|per questa volta|per stavolta) passo|passo (la mano|questa volta|stavolta)|non (sto accettando|accetto|faccio) ([\p{L}]+ ){0,2}(collaborazioni|campagne|sponsorizzazioni|progetti)|(moet|ga) ik (dus |helaas )?nee zeggen|nee (moeten |moet )?zeggen|is een nee|(neem|doe) (ik )?(momenteel |nu |geen |even )*geen ([\p{L}-]+ ){0,2}(samenwerkingen|opdrachten|campagnes|projecten)|past ([\p{L}]+ ){0,2}niet bij|not interested|no longer interested|not really interested|isn'?t for me|not for me|no,? thanks?|no,? thank you|nope|i'?ll (have to |need to |must |probably )?pass|i (will|am going to|have to|must|need to|'?m going to) pass|i'?m going to pass|going to pass|gonna pass|have to pass|(will|'?ll|have to|must|need to|going to|'?d like to|'?m going to|'?m gonna) (respectfully |politely |kindly |regretfully |sadly )?decline|i decline|declining|turn(ing)? (this|it|you) down|pass on (this|it|that)|passing on (this|it)|not (a |the )?(right |good |great )?fit|not the right match|not a match|doesn'?t (fit|align|feel right|suit|match|work for me)|does not (fit|align|suit|work for me)|don'?t think (it'?s|this is|that'?s|we'?re) (a |the )?(good |right )?(fit|match|for me|right)|not something (i|we)('?d| would| can| do)|(can'?t|cannot|can not|won'?t|will not|couldn'?t|wouldn'?t) (be able to )?(do|take (it|this|this one|that|on)|commit|accept|participate|join|make it work|fit (it|this) in|work with|partner|collaborate|promote|be part|say yes)|(won'?t|will not|wouldn'?t|not) be able to|unable to (take|do|commit|participate|accept|join|work|fit)|have to say no|say no (to|for) (this|now)|(sit|sitting) this one out|not this time|maybe next time|another time perhaps|(calendar|schedule|plate|diary|agenda) is (completely |totally |pretty |really )?(full|packed|booked|jammed)|fully booked|booked (up|solid)|no (capacity|bandwidth)|don'?t have (the )?(capacity|bandwidth|time|space)|too (busy|swamped)|not taking (on )?(any )?(new )?(brand |paid )?(deals|partnerships|collaborations|collabs|sponsorships|projects|work|campaigns)|not (doing|accepting) (any )?(paid|sponsored|brand|new)|(only|exclusively) (work|partner|collaborate) with|(don'?t|do not|never) (work|partner|collaborate) with|exclusive (contract|deal|agreement|partnership) with|exclusivity (with|clause|agreement)|conflict of interest|(would|'?d) rather not|prefer not to|count me out|unsubscribe|remove me|take me off|stop (emailing|contacting|messaging)|not at (this|the) (time|moment)|not right now|not for now|i must decline|kein interesse|nicht interessiert|leider nicht|leider kein|leider muss ich|muss (ich )?(leider |dankend )?(absagen|ablehnen|passen|verzichten)|sage (ich )?(leider )?ab|absagen|lehne (ich )?(leider |dankend )?ab|ablehnen|verzichte|nein,? danke|nicht für mich|nichts für mich|passt (leider |gerade |aktuell )?nicht|passt (für mich )?nicht|nicht das richtige|keine zeit|keine kapazitäten?|ausgebucht|voll ausgelastet|kann (ich )?(das |es |leider |dieses mal |diesmal )*nicht|können (wir )?(leider )?nicht|nicht möglich|nicht machbar|diesmal nicht|dieses mal nicht|ein andermal|vielleicht ein anderes mal|no me interesa|no estoy interesad[oa]|no,? gracias|paso de esto|paso esta vez|voy a pasar|tengo que pasar|tendré que pasar|(tengo|debo|tendré) que (rechazar|declinar|decir que no)|rechazo|declino|no es para mí|no encaja|no va conmigo|no puedo|no podré|no voy a poder|no me es posible|me es imposible|no tengo (tiempo|disponibilidad|hueco|capacidad|espacio)|agenda (llena|completa|a tope)|esta vez no|en otra ocasión|por desgracia no|lamentablemente no|no cuadra|pas intéressée?|ne suis pas intéressée?|non,? merci|je (vais |dois )?passer? (mon tour|pour cette fois)?|je dois (malheureusement |hélas )?(refuser|décliner|passer)|je refuse|décliner|je décline|ce n'?est pas pour moi|pas pour moi|ne correspond pas|ne colle pas|je ne peux pas|je ne pourrai pas|je ne vais pas pouvoir|pas possible|(planning|agenda|calendrier) (est )?(complet|chargé|plein|bouclé)|je n'?ai pas (le temps|de disponibilité|la disponibilité)|pas cette fois|une prochaine fois|malheureusement (pas|non|je ne)|não tenho interesse|não estou interessad[oa]|sem interesse|não,? obrigad[oa]|vou (ter que |precisar )?(passar|recusar)|tenho que recusar|preciso recusar|recuso|(vou|tenho que|preciso) declinar|não é (pra|para) mim|não combina|não encaixa|não posso|não vou poder|não consigo|não tenho (tempo|disponibilidade|agenda|espaço)|agenda (cheia|lotada)|(desta|dessa) vez não|fica (pra|para) (a )?próxima|infelizmente não|non mi interessa|non sono interessat[oa]|no,? grazie|(devo|dovrò) (passare|rifiutare|declinare)|passo (questa volta|per questa)|rifiuto|declino|non fa per me|non è per me|non è in linea|non posso|non potrò|non riesco|non ho (tempo|disponibilità)|(agenda|calendario) (pieno|piena)|questa volta no|sarà per la prossima|alla prossima|purtroppo non|purtroppo no|geen interesse|niet geïnteresseerd|nee,? (bedankt|dank je|dank u)|ik (ga |moet )?(helaas )?passen|sla (deze|dit) (keer )?over|moet (ik )?(helaas )?(afslaan|weigeren|bedanken)|afslaan|niet voor mij|niets voor mij|past (helaas |nu )?niet|kan (ik )?(helaas |het |dit |deze keer )*niet|lukt (me |mij )?(helaas )?niet|geen tijd|geen ruimte|volgeboekt|agenda zit vol|deze keer niet|een volgende keer|helaas niet|helaas geen`)
	// A no said only through regret, with nothing else decided.
	regretRE = words(`unfortunately|sadly|regretfully|i'?m afraid|i regret|leider|bedauerlicherweise|lamentablemente|desafortunadamente|por desgracia|malheureusement|hélas|infelizmente|purtroppo|helaas|jammer genoeg`)
	// Objections to the price, not the deal: with an amount, a counter.
	priceObjectionRE = phrases(`too low|bit low|rather low|below my (usual )?(rate|fee|minimum)|under my (usual )?(rate|fee|minimum)|my (usual |standard |minimum )?(rate|fee|price|minimum) (is|would be|starts)|(can'?t|cannot|won'?t|couldn'?t) (do|go|accept|work|take) (it |this |that )?(for|at) (that|this|the|less|under|below)|not for (that|this) (price|fee|rate|budget|amount)|for (that|this) (price|fee|budget|rate)|zu niedrig|unter meinem|mein (honorar|preis|satz) (liegt|ist|wäre)|demasiado bajo|muy bajo|mi tarifa (es|sería)|trop bas|en dessous de mon|mon tarif (est|serait)|muito baixo|abaixo do meu|meu (cachê|valor) (é|seria)|troppo basso|sotto la mia|la mia tariffa (è|sarebbe)|te laag|onder mijn|mijn tarief (is|zou)`)
	// A yes that commits.
	acceptStrongRE = phrases(`i'?ll do it|i can do (it|that)|doe ik|ik doe het|ci sto|lo hago|je le fais|eu faço|topo|bin ich dabei|(pleased|glad|happy|delighted|thrilled) to accept|accept (the|your) (offer|terms|proposal)|i'?m in|i am in|count me in|we have a deal|it'?s a deal|deal!?|i accept|we accept|i agree|agreed|accepted|let'?s do (it|this)|let'?s go|sign me up|i'?m on board|happy to (do it|accept|take part|join|be part|partner|collaborate|work with you)|(would|'?d) love to (do it|join|take part|be part|work with you|partner|collaborate)|i'?d be (happy|delighted|thrilled) to|yes|yep|yeah|yup|absolutely|definitely|of course|for sure|bin dabei|ich bin dabei|ich mache (es|das|gerne) mit|einverstanden|abgemacht|ja|jawohl|klar|ich nehme an|nehme (das angebot|ich) an|cuenta conmigo|me apunto|acepto|aceptamos|trato hecho|de acuerdo|sí|claro que sí|por supuesto|vale|je suis partante?|j'?accepte|nous acceptons|marché conclu|avec plaisir|oui|bien sûr|c'est d'accord|d'accord|ça marche|tope|pode contar comigo|conta comigo|estou dentro|aceito|aceitamos|fechado|combinado|sim|claro|com certeza|com prazer|ci sto|accetto|accettiamo|affare fatto|d'accordo|sì|certo|certamente|volentieri|con piacere|ik doe mee|ik ben erbij|akkoord|deal|ik accepteer|afgesproken|ja hoor|zeker|graag`)
	// Warm words that lean to yes but commit to nothing by themselves.
	acceptWeakRE = phrases(`(all|everything) (is )?(good|fine|set)|all good|terms look (right|good|fine)|looks? (right|good|fine) to me|passt alles|passt (so|für mich)|alles (klar|gut|bestens)|está bien|me va bien|tout est bon|c'?est bon pour moi|ça me va|tudo certo|está ótimo|fechou|va benissimo|tutto ok|per me va bene|helemaal goed|lijkt me prima|prima zo|sure|keen|i'?m keen|works? for me|(fee|price|rate|terms|timeline|date|dates|everything|all) (sounds?|looks?|works?|is|are) (good|fine|great|perfect|ok|okay)|sounds (good|great|perfect|amazing|lovely|fun|awesome|fantastic|wonderful)|happy to|love to|would love|'?d love|love (it|this|the idea)|works for me|that works|fine by me|fine with me|perfect|great|awesome|amazing|wonderful|excited|thrilled|why not|gerne|sehr gerne|klingt (gut|super|toll|spannend)|passt (mir|für mich|gut|perfekt)|super|prima|toll|wunderbar|perfekt|warum nicht|me encantaría|me encanta|encantad[oa]|suena (bien|genial|perfecto)|genial|perfecto|estupendo|me parece bien|por qué no|avec joie|volontiers|ça me va|ça me plaît|ça me tente|parfait|génial|super|top|pourquoi pas|adoraria|adorei|seria ótimo|ótimo|perfeito|maravilha|show|bora|me parece bem|por que não|mi piacerebbe|molto volentieri|mi va bene|va bene|perfetto|ottimo|fantastico|perché no|leuk|lijkt me (leuk|goed|top|geweldig)|klinkt (goed|leuk|top|geweldig)|prima|top|super|perfect|geweldig|waarom niet|no problem|no worries|sin problema|kein problem|pas de problème|sem problema|nessun problema|geen probleem`)
	// Not yet decided: thinking, checking, asking someone.
	deferRE = phrases(`let me (think|check|get back|see|look|talk|discuss|run it|ask|confirm|review)|i'?ll (think|check|get back|confirm|let you know|come back|circle back|look into|talk|discuss|run it|review)|i will (think|check|get back|confirm|let you know)|need (some )?(time|to think|to check|to discuss|to talk|to confirm|to ask|to look)|(check|discuss|talk) (with|to) my (manager|agent|agency|team|management|partner|husband|wife)|(my|our) (manager|agent|agency|management) (will|handles|takes care)|get back to you|not sure (yet|if|whether)|thinking about it|think it over|still deciding|undecided|ich (melde mich|überlege|schaue|prüfe|kläre|gebe (dir|euch|ihnen) bescheid)|muss (kurz )?(überlegen|nachdenken|schauen|prüfen|klären)|bin (mir )?(noch )?nicht sicher|lo pienso|lo voy a pensar|tengo que pensar(lo)?|déjame (pensarlo|pensar|ver|consultar)|te (confirmo|digo algo|aviso)|les (confirmo|aviso)|consult(o|ar) con mi|no estoy segur[oa]|je (vais )?réfléchi[rs]|laisse-moi (réfléchir|voir)|je (reviens|vous reviens|te reviens) vers|je (te|vous) (redis|confirme)|pas encore sûre?|je dois (voir|vérifier|en parler)|vou pensar|preciso pensar|deixa eu (ver|pensar|verificar)|te (aviso|confirmo|retorno)|(vos|lhe) (aviso|retorno)|falar com (meu|minha)|não tenho certeza|ci penso|ci devo pensare|ti faccio sapere|vi faccio sapere|(devo|voglio) (sentire|parlare con|verificare)|non sono sicur[oa]|ik denk (erover|er even over) na|ik laat (het )?(je|jullie|u) weten|ik kom (er )?(bij je|bij jullie|op) terug|moet (even )?(overleggen|nadenken|kijken|checken)|weet (het )?nog niet`)
	// Questions that open a sentence, in the seven languages.
	questionOpenRE = regexp.MustCompile(`(?im)^\s*(what|when|where|who|whom|whose|how|why|which|could you|can you|would you|will you|do you|does|did|is there|are there|is it|are you|may i|should i|any chance|i was wondering|i wonder|wondering|was|wann|wo|wer|wie|warum|welche[rsn]?|könnt(est|et|en) (du|ihr|sie)|kannst du|können sie|gibt es|ist es|qué|que|cuándo|cuando|dónde|quién|cómo|por qué|cuál|cuánto|podrías|podéis|puedes|pueden|hay|quoi|quand|où|qui|comment|pourquoi|quel(le)?s?|combien|pourriez|pourrais|pouvez|peux-tu|est-ce que|y a-t-il|o que|quando|onde|quem|como|por que|porque|qual|quanto|poderia|podem|pode|vocês podem|há|tem como|cosa|che cosa|quando|dove|chi|come|perché|quale|quanto|potreste|potresti|può|c'è|ci sono|wat|wanneer|waar|wie|hoe|waarom|welke|kunnen jullie|kun je|kunt u|is er|zijn er)\b`)
	rhetoricalRE   = words(`why not\??|warum nicht\??|¿?por qué no\??|pourquoi pas\??|por que não\??|perché no\??|waarom niet\??`)
	// But-clauses: the yes depends on what follows.
	conditionRE = words(`but|however|although|though|only if|as long as|provided|on condition|unless|aber|allerdings|jedoch|nur wenn|sofern|solange|pero|sin embargo|aunque|solo si|siempre que|mais|cependant|toutefois|seulement si|à condition|tant que|mas|porém|contudo|só se|desde que|ma|però|tuttavia|solo se|purché|a patto|maar|echter|alleen als|mits|zolang`)
	// What would have been: "I'd have loved to, but" is a no.
	counterfactualRE = words(`would have|would'?ve|'?d have|might have|could have|if it were|if it was|hätte|hätten|wäre ich|wären wir|habría|hubiera|hubiese|me habría|aurais|aurait|aurions|j'?aurais|teria|teríamos|adoraria ter|avrei|avremmo|sarei stat[oa]|had ik|zou ik .{0,20} hebben|had .{0,30} (graag|leuk) (gedaan|gevonden)`)
	// Negations that turn a following yes-word into a no.
	negationRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}'’])(not|n'?t|never|no|nicht|kein|nie|no|nunca|jamás|pas|ne|jamais|não|nem|nunca|non|mai|niet|geen|nooit)\s+(?:\p{L}+\s+){0,2}$`)
)
