package reply

import "regexp"

// An out-of-office notice typed into a vacation responder that adds no
// header: away/absent wording, usually with a return date or a colleague.
var (
	autoStrongRE = regexp.MustCompile(`(?i)\b((i'?m|i am) (currently )?(on holiday|on vacation|on leave|travell?ing|away|out of (the )?office|off)\b.{0,40}\b(until|till|through|thru|back on|returning)|(estoy|estaré) de (viaje|vacaciones)\b.{0,30}(hasta|del|desde|vuelta)|sono in (viaggio|vacanza|ferie)\b.{0,30}(fino|dal|al rientro)|estou (viajando|de férias|em viagem)\b.{0,30}(até|entre)|ik ben (tot|t/m|van)\b.{0,30}(op reis|op vakantie|met vakantie|afwezig)|ben ik (op reis|op vakantie)|bin (bis|vom)\b.{0,30}(unterwegs|verreist|im urlaub|nicht da)|je suis en (voyage|vacances|congés?)\b.{0,30}(jusqu|du|au)|(leave|verlof|ouderschapsverlof|urlaub|elternzeit|mutterschutz|vacaciones|baja|congé|licença|congedo|ferie|maternity|parental) (until|tot|bis|hasta|jusqu|até|fino)|(don'?t|do not|won'?t|will not|am not) (be )?(reading|checking|read|check) (my )?(e-?mails?|mail|inbox)|lees mijn (e-?)?mail niet|lese (meine )?(e-?mails?|mails) nicht|no (leo|reviso) (el |mi )?correo|je ne lis pas mes (mails|e-mails|courriels)|não leio (os )?(e-?mails|emails)|non leggo (la posta|le e-?mail)|i'?m away .{0,40}until|i('?ll| will) (reply|respond|answer|get back to you) when i'?m back|(mailbox|inbox|address|adresse|dirección|endereço|indirizzo|adres)\b.{0,40}(no longer|nicht mehr|ya no|n'est plus|não é mais|non è più|niet meer)\b.{0,30}(monitored|checked|read|gelesen|revisa|lue|lido|letto|gelezen|gecontroleerd)|out of (the )?office|ooo\b|automatic reply|auto-?reply|this is an auto(mated|matic) (reply|response|message)|automated response|i am currently (away|out|on (annual )?leave|on vacation|on holiday|travell?ing)|i'?m currently (away|out of|on (annual )?leave|on vacation|on holiday|travell?ing)|i (will be|am) (away|out of the office|on (annual )?leave|on vacation|on holiday|offline) (until|till|from|and|with)|limited access to (my )?e-?mail|(without|no) access to (my )?e-?mail|will (reply|respond|get back to you|answer) (to your (e-?mail|message) )?(when|as soon as|upon) (i|my) (return|am back|get back)|abwesenheitsnotiz|automatische antwort|ich bin (derzeit|zurzeit|momentan|bis)\b.{0,40}(nicht im büro|abwesend|im urlaub|nicht erreichbar|außer haus)|nicht im büro|bin ich (nicht erreichbar|abwesend|im urlaub)|respuesta automática|fuera de la oficina|estoy (de vacaciones|fuera)\b.{0,30}(hasta|del|desde)|estaré (fuera|de vacaciones|ausente)|réponse automatique|absente? du bureau|je suis (actuellement )?(absente?|en congés?|en vacances)|je serai (absente?|en congés?)|hors du bureau|resposta automática|fora do escritório|estou (de férias|ausente|fora)\b.{0,30}(até|entre|de)|estarei (fora|ausente|de férias)|risposta automatica|fuori (ufficio|sede)|sono (in ferie|assente|fuori)|sarò (in ferie|assente|fuori)|automatisch antwoord|afwezigheidsmelding|ik ben (momenteel |op dit moment )?(afwezig|met vakantie|niet op kantoor|op vakantie)|niet op kantoor|ben ik (afwezig|met vakantie|niet bereikbaar))`)
)

// autoBody says why the body reads as an automatic reply, or "".
func autoBody(words string) string {
	if m := autoStrongRE.FindString(words); m != "" {
		return m
	}
	return ""
}
