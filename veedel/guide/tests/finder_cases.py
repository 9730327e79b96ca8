"""Test set for the finder: situations as people describe them, and the key process that fits.

Each case is a description as a coordinator, a resident, a teacher or a club member would type
it into the "describe your situation" box, in everyday German (some with ae/oe/ue for umlauts
or ss for ß, as typed on a keyboard without them), and the ONE key process of the example
edition (``veedel/guide/data/leitfaden-beispiel-2012.json``) that fits best.

The descriptions were written from the user's side, not by copying words from the edition, and
were not tuned to any search method: the finder must generalise. Every key process has at least
two cases. ``veedel/guide/tests/test_example_edition.py`` checks that each expected slug exists.
"""

CASES: list[tuple[str, str]] = [
    # sozialraum-erkunden
    (
        "Ich habe gerade die Stelle im Veedel übernommen und kenne hier noch niemanden. "
        "Wie verschaffe ich mir einen Überblick, was los ist und was gebraucht wird?",
        "sozialraum-erkunden",
    ),
    (
        "Unser Stadtteil ist neu im Programm. Bevor wir irgendwas anfangen, wollen wir "
        "erstmal wissen, wer hier wohnt und wo eigentlich der Schuh drückt.",
        "sozialraum-erkunden",
    ),
    (
        "Fuer die Zielvereinbarung sollen wir begruenden, warum wir welche Schwerpunkte "
        "setzen. Bisher haben wir nur ein Bauchgefuehl und ein paar Zahlen vom Amt.",
        "sozialraum-erkunden",
    ),
    # bewohner-beteiligen
    (
        "Bei uns im Block regen sich alle auf, aber keiner macht was. Wie kriegt man die "
        "Leute dazu, sich selbst für ihre Sache einzusetzen?",
        "bewohner-beteiligen",
    ),
    (
        "Zur Bezirksvertretung kommt nie jemand aus unserem Viertel, und bei der letzten Wahl "
        "war die Beteiligung unter 30 Prozent. Die Leute glauben, dass sich eh nichts ändert.",
        "bewohner-beteiligen",
    ),
    (
        "Ich möchte, dass die Anwohner selber mitentscheiden, was mit dem Platz vorm "
        "Bürgerhaus passiert, und nicht nur wir Profis am Schreibtisch.",
        "bewohner-beteiligen",
    ),
    (
        "Viele Nachbarn fuehlen sich von Politik und Stadt voellig vergessen. Wie koennen wir "
        "ihnen helfen, selbst ihre Stimme zu erheben?",
        "bewohner-beteiligen",
    ),
    # netzwerk-pflegen
    (
        "Jede Einrichtung hier kocht ihr eigenes Süppchen. Die Kita weiß nicht, was das "
        "Jugendzentrum macht, und die Kirche plant ihr Sommerfest am selben Tag wie der "
        "Sportverein.",
        "netzwerk-pflegen",
    ),
    (
        "Unser Arbeitskreis trifft sich seit Jahren, aber es kommt nichts dabei raus, jeder "
        "erzählt nur, was er macht. Wie bekommen wir wieder Schwung in die Runde?",
        "netzwerk-pflegen",
    ),
    (
        "Im Veedel gibt es keinen regelmäßigen Austausch zwischen Schulen, Vereinen, "
        "Moscheegemeinde und Verwaltung. Wir würden gern so etwas wie eine Stadtteilkonferenz "
        "ins Leben rufen.",
        "netzwerk-pflegen",
    ),
    # angebotsluecken-schliessen
    (
        "Für Kinder unter drei gibt es bei uns fast keine Betreuung, die Wartelisten der "
        "Kitas sind endlos. Was kann ich als Koordinatorin da tun?",
        "angebotsluecken-schliessen",
    ),
    (
        "Viele Kinder kommen ohne Frühstück in die Schule und können bei keinem Ausflug "
        "mitfahren, weil das Geld fehlt. Für diese Familien gibt es hier einfach nichts.",
        "angebotsluecken-schliessen",
    ),
    (
        "Die naechste Schuldnerberatung ist am anderen Ende der Stadt, da faehrt von hier "
        "keiner hin. Eigentlich braeuchten wir so eine Sprechstunde direkt bei uns.",
        "angebotsluecken-schliessen",
    ),
    # konflikte-moderieren
    (
        "Auf dem Spielplatz hinter unserem Haus sitzen jeden Abend Jugendliche mit lauter "
        "Musik bis Mitternacht. Die Nachbarn rufen ständig die Polizei, aber das bringt nichts.",
        "konflikte-moderieren",
    ),
    (
        "Spielplatzkonflikt: Die Anwohner wollen, dass der Bolzplatz abends abgeschlossen "
        "wird, die Jugendlichen sagen, dass sie sonst nicht wissen wohin.",
        "konflikte-moderieren",
    ),
    (
        "Lärmbeschwerden ohne Ende wegen der Gruppe, die sich am Kiosk trifft. Wie kann man "
        "da vermitteln, ohne dass die Jungs einfach nur vertrieben werden?",
        "konflikte-moderieren",
    ),
    (
        "Zwischen den alten Mietern und den neu zugezogenen Familien im Hochhaus gibt es "
        "dauernd Streit wegen Müll im Treppenhaus und Kindern im Flur. Mittlerweile redet "
        "keiner mehr mit dem anderen.",
        "konflikte-moderieren",
    ),
    # zugaenge-neuzugewanderte
    (
        "Bei uns sind viele Familien aus Syrien und Rumänien hergezogen. Die Kinder haben "
        "noch keinen Schulplatz und die Eltern wissen nicht, wie man sich für die Kita anmeldet.",
        "zugaenge-neuzugewanderte",
    ),
    (
        "Ich bin Lehrerin in einer Vorbereitungsklasse. Die Eltern meiner Schüler kommen nie "
        "zum Elternabend, ich glaube, sie verstehen unsere Briefe gar nicht.",
        "zugaenge-neuzugewanderte",
    ),
    (
        "Die Fluechtlingsfamilien aus der Unterkunft um die Ecke finden keinen Weg zu "
        "Beratung und Aerzten, und die Kinder muessen immer fuer ihre Eltern dolmetschen.",
        "zugaenge-neuzugewanderte",
    ),
    (
        "Wie erreichen wir zugewanderte Mütter, die kaum Deutsch sprechen, mit unseren "
        "Angeboten im Familienzentrum?",
        "zugaenge-neuzugewanderte",
    ),
    # ehrenamt-begleiten
    (
        "Unsere Lesepaten an der Grundschule sind alle über 70 und es kommen keine neuen "
        "nach. Wie finden wir jüngere Leute, die mitmachen?",
        "ehrenamt-begleiten",
    ),
    (
        "Der Fussballverein findet keine Trainer mehr für die Jugendmannschaften, zwei Teams "
        "mussten wir schon abmelden. Im Vorstand sind wir auch nur noch zu dritt.",
        "ehrenamt-begleiten",
    ),
    (
        "Es melden sich immer wieder Helfer bei uns, aber nach drei Wochen sind sie wieder "
        "weg. Was machen wir falsch mit unseren Freiwilligen?",
        "ehrenamt-begleiten",
    ),
    # mittel-buendeln
    (
        "Wir haben tolle Ideen fürs Viertel, aber kein Geld. Wo bekommt man Fördergelder her, "
        "und wie vermeiden wir, dass jeder Träger für sich allein einen Antrag schreibt?",
        "mittel-buendeln",
    ),
    (
        "Drei Einrichtungen haben bei derselben Stiftung Geld für fast das gleiche Projekt "
        "beantragt. Das ist doch Verschwendung, das muss man besser abstimmen.",
        "mittel-buendeln",
    ),
    (
        "Wie koennen wir Raeume, Kleinbusse und Budgets der verschiedenen Traeger im "
        "Stadtteil besser gemeinsam nutzen, statt dass jeder nur seins hat?",
        "mittel-buendeln",
    ),
    # projekte-verstetigen
    (
        "Unser Elterncafé läuft super, aber die Förderung endet im Dezember und danach ist "
        "kein Geld mehr da. Die Mütter fragen schon, ob es weitergeht.",
        "projekte-verstetigen",
    ),
    (
        "Das Modellprojekt Lernwerkstatt läuft nach drei Jahren aus. Wie schaffen wir es, "
        "dass daraus ein festes Angebot wird?",
        "projekte-verstetigen",
    ),
    (
        "Wir fangen ein neues Projekt an und wollen diesmal von Anfang an so planen, dass es "
        "nicht nach zwei Jahren einfach wieder verschwindet.",
        "projekte-verstetigen",
    ),
    # informationsfluss
    (
        "Keiner kennt unsere Angebote. Die Leute sagen, hier gibt es nichts, dabei haben wir "
        "jede Woche was im Programm.",
        "informationsfluss",
    ),
    (
        "Wie kriegen wir Infos an die Leute, die kein Internet benutzen und keine Zeitung lesen?",
        "informationsfluss",
    ),
    (
        "In der Zeitung steht über unser Veedel immer nur Negatives, Polizeimeldungen und so. "
        "Wir wollen mal zeigen, was hier alles Gutes passiert.",
        "informationsfluss",
    ),
    (
        "Die Bezirkspolitiker haben eigentlich keine Ahnung, was wir hier im Viertel machen "
        "und was die Menschen bewegt. Wie halten wir die auf dem Laufenden?",
        "informationsfluss",
    ),
    # jugendbeteiligung
    (
        "Die Jugendlichen sollen mitreden, wie der neue Skatepark aussieht. Wie stellen wir "
        "das an, dass die auch wirklich kommen und nicht nur die Erwachsenen planen?",
        "jugendbeteiligung",
    ),
    (
        "Ich arbeite im Jugendzentrum. Die Jugendlichen haben das Gefühl, dass sie nie "
        "jemand fragt und sie überall nur weggeschickt werden. Wie können die sich selbst "
        "einbringen?",
        "jugendbeteiligung",
    ),
    (
        "Wir wollen ein Jugendforum aufbauen, damit junge Leute der Bezirksvertretung selber "
        "sagen können, was ihnen im Stadtteil fehlt.",
        "jugendbeteiligung",
    ),
    # gesundheitsfoerderung
    (
        "Bei der Schuleingangsuntersuchung haben bei uns auffällig viele Kinder Übergewicht "
        "und schlechte Zähne. Was kann man im Stadtteil dagegen tun?",
        "gesundheitsfoerderung",
    ),
    (
        "Die Kinder hier bewegen sich viel zu wenig, hängen nur am Handy, und der Sportverein "
        "ist für viele Familien zu teuer.",
        "gesundheitsfoerderung",
    ),
    (
        "Es gibt keinen Kinderarzt mehr im Veedel, die Mütter müssen mit dem Bus quer durch "
        "die Stadt fahren und lassen die Vorsorge dann oft ausfallen.",
        "gesundheitsfoerderung",
    ),
    (
        "Viele Frauen würden gern etwas für ihre Gesundheit tun, aber Kurse und Fitnessstudio "
        "sind zu teuer oder zu weit weg, und mit den Kindern geht es sowieso nicht.",
        "gesundheitsfoerderung",
    ),
    # uebergang-schule-beruf
    (
        "Viele Schüler von der Hauptschule haben nach dem Abschluss keinen Plan und hängen "
        "dann zuhause rum. Die Handwerksbetriebe hier suchen aber händeringend Azubis.",
        "uebergang-schule-beruf",
    ),
    (
        "Ich bin Klassenlehrer einer neunten Klasse. Fast keiner meiner Schüler hat eine "
        "Lehrstelle in Aussicht, und die Eltern kennen sich mit dem System nicht aus.",
        "uebergang-schule-beruf",
    ),
    (
        "Jugendliche brechen ihre Ausbildung im ersten Jahr ab, und danach fühlt sich "
        "niemand mehr zustaendig, weder Schule noch Jobcenter.",
        "uebergang-schule-beruf",
    ),
    # teilhabe-im-alter
    (
        "Meine Nachbarin ist 84 und geht kaum noch aus der Wohnung, seit ihr Mann gestorben "
        "ist. Solche Leute gibt es hier viele, die sind total einsam.",
        "teilhabe-im-alter",
    ),
    (
        "In den Seniorentreff kommen immer nur dieselben zehn Damen. Die alten Menschen, die "
        "allein zu Hause sitzen, erreichen wir überhaupt nicht.",
        "teilhabe-im-alter",
    ),
    (
        "Aeltere tuerkischstaemmige Maenner und Frauen nutzen keines der Seniorenangebote. "
        "Wie kommen wir an die heran?",
        "teilhabe-im-alter",
    ),
    (
        "Für Omas und Opas mit Rollator ist das Viertel eine Katastrophe: keine Bänke, hohe "
        "Bordsteine, und bis zum Supermarkt schaffen es viele nicht mehr allein.",
        "teilhabe-im-alter",
    ),
    # wohnumfeld-verbessern
    (
        "Der neue Eigentümer unserer Siedlung will alles modernisieren und danach die Miete "
        "kräftig erhöhen. Viele Mieter haben Angst, dass sie hier raus müssen.",
        "wohnumfeld-verbessern",
    ),
    (
        "An den Müllcontainern liegt ständig Sperrmüll, es gibt Ratten, und die "
        "Hausverwaltung sagt, die Stadt ist zuständig, die Stadt sagt, der Vermieter.",
        "wohnumfeld-verbessern",
    ),
    (
        "Die Unterfuehrung zur S-Bahn ist dunkel und verschmiert, abends traut sich da keine "
        "Frau mehr alleine durch. Ausserdem brennt die Strassenlaterne seit Monaten nicht.",
        "wohnumfeld-verbessern",
    ),
    (
        "Seit Monaten ist der Aufzug in unserem Hochhaus kaputt und die Heizung fällt dauernd "
        "aus. Wie können wir als Mieter gemeinsam Druck machen?",
        "wohnumfeld-verbessern",
    ),
    # lokale-oekonomie
    (
        "Im Einkaufszentrum steht die Hälfte der Läden leer, jetzt hat auch noch die "
        "Sparkasse zugemacht. Die Älteren müssen zum Einkaufen in den Nachbarstadtteil.",
        "lokale-oekonomie",
    ),
    (
        "Die Geschäftsleute an unserer Hauptstraße klagen, dass keine Kundschaft mehr kommt. "
        "Jeder wurschtelt für sich, eine Werbegemeinschaft gibt es nicht mehr.",
        "lokale-oekonomie",
    ),
    (
        "Wir haben mehrere leere Ladenlokale, die man vielleicht für ein Repair-Café oder "
        "Ateliers nutzen könnte. Die Eigentümer sind aber schwer zu erreichen.",
        "lokale-oekonomie",
    ),
    (
        "Viele Langzeitarbeitslose im Viertel, und gleichzeitig finden die kleinen Betriebe "
        "hier keine Leute. Kann man das nicht irgendwie zusammenbringen?",
        "lokale-oekonomie",
    ),
]
