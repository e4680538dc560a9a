package io.hybridwasm.examples.corpus;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random sentences from built-in word lists, one per language family of the voices used, so
 * that each voice reads words its rules were written for. Grammar is not the point; varied
 * phonemes, lengths and punctuation (commas and question marks change espeak-ng's prosody) are.
 */
final class Sentences {
    private static final List<String> ENGLISH = List.of(("the a my your this every some no quiet bright heavy "
            + "small old young green early late quickly slowly never always today tomorrow yesterday morning evening "
            + "river mountain window kitchen station market garden letter engine doctor teacher children water "
            + "weather thunder silver paper bottle pocket ticket number question answer music picture coffee "
            + "bicycle elephant umbrella telephone computer problem minute hundred thousand seven eleven "
            + "walk talk bring carry open close follow remember forget wonder explain measure answer travel "
            + "is was will could should might must has have had did does "
            + "and but because although while before after under over between through without with from into "
            + "yes please thank sorry really certainly perhaps probably").split(" "));
    private static final List<String> GERMAN = List.of(("der die das ein eine kleine große alte neue schnell "
            + "langsam heute morgen gestern Wasser Fenster Bahnhof Garten Brief Lehrer Kinder Wetter Zeitung "
            + "Flasche Frage Antwort Musik Kaffee Fahrrad Regenschirm Rechner sieben elf hundert gehen sprechen "
            + "bringen öffnen schließen erklären vergessen ist war wird kann muss und aber weil obwohl vor nach "
            + "unter über zwischen durch ohne mit ja bitte danke vielleicht wirklich").split(" "));
    private static final List<String> FRENCH = List.of(("le la les un une petit grand vieux nouveau vite lentement "
            + "aujourd'hui demain hier eau fenêtre gare jardin lettre maître enfants temps journal bouteille "
            + "question réponse musique café vélo parapluie ordinateur sept onze cent marcher parler apporter "
            + "ouvrir fermer expliquer oublier est était sera peut doit et mais parce que sous sur entre sans "
            + "avec oui merci peut-être vraiment toujours jamais").split(" "));
    private static final List<String> SPANISH = List.of(("el la los las un una pequeño grande viejo nuevo rápido "
            + "despacio hoy mañana ayer agua ventana estación jardín carta maestro niños tiempo periódico botella "
            + "pregunta respuesta música café bicicleta paraguas ordenador siete once cien caminar hablar traer "
            + "abrir cerrar explicar olvidar es era será puede debe y pero porque bajo sobre entre sin con sí "
            + "gracias quizás realmente siempre nunca").split(" "));
    private static final Map<String, List<String>> BY_LANGUAGE = Map.of("de", GERMAN, "fr", FRENCH, "es", SPANISH);

    private Sentences() {
    }

    /** A sentence of {@code words} words for a voice such as {@code de+m3} or {@code en-gb+f1}. */
    static String sentence(String voice, int words, RandomGenerator random) {
        List<String> list = BY_LANGUAGE.getOrDefault(voice.substring(0, 2), ENGLISH);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String word = list.get(random.nextInt(list.size()));
            s.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            if (i < words - 1) {
                s.append(i > 1 && random.nextInt(6) == 0 ? ", " : " ");
            }
        }
        return s.append(random.nextInt(5) == 0 ? "?" : ".").toString();
    }
}
