package ai.lepton.demo;

import java.util.List;
import java.util.Random;

/**
 * Small per-culture lists of first and last names, each with the native spelling and an ASCII
 * romanization used to build e-mail addresses. Names never contain commas or double quotes.
 */
final class Names {

  /** A generated person: the display name, the ASCII e-mail local part and a country. */
  record Person(String name, String emailLocalPart, String country) {}

  private record Name(String nativeSpelling, String ascii) {}

  private record Culture(
      List<String> countries, List<Name> first, List<Name> last, boolean familyFirst, String sep) {

    Person pick(Random random) {
      Name given = first.get(random.nextInt(first.size()));
      Name family = last.get(random.nextInt(last.size()));
      String country = countries.get(random.nextInt(countries.size()));
      String name =
          familyFirst
              ? family.nativeSpelling() + sep + given.nativeSpelling()
              : given.nativeSpelling() + sep + family.nativeSpelling();
      return new Person(name, given.ascii() + "." + family.ascii(), country);
    }
  }

  private static final List<Culture> CULTURES =
      List.of(
          western(
              List.of("US", "GB", "IE", "AU", "CA"),
              names("Seán:sean", "Siobhán:siobhan", "Emily:emily", "James:james", "Zoë:zoe"),
              names("O'Brien:obrien", "Smith-Jones:smithjones", "Walsh:walsh", "Taylor:taylor")),
          western(
              List.of("DE", "AT", "CH"),
              names("Jürgen:juergen", "Käthe:kaethe", "Sören:soeren", "Anna:anna", "Lukas:lukas"),
              names("Müller:mueller", "Schröder:schroeder", "Weiß:weiss", "Groß:gross")),
          western(
              List.of("FR", "BE", "LU"),
              names("Élodie:elodie", "François:francois", "Hélène:helene", "Jérôme:jerome"),
              names("Lefèvre:lefevre", "Dubois:dubois", "Bérubé:berube", "Gauthier:gauthier")),
          western(
              List.of("ES", "MX", "AR", "PT", "BR"),
              names("José:jose", "María:maria", "Ángel:angel", "João:joao", "Inês:ines"),
              names("García:garcia", "Núñez:nunez", "Peña:pena", "Gonçalves:goncalves")),
          western(
              List.of("PL", "CZ"),
              names("Łukasz:lukasz", "Małgorzata:malgorzata", "Jiří:jiri", "Zuzana:zuzana"),
              names("Dvořák:dvorak", "Wiśniewski:wisniewski", "Kowalczyk:kowalczyk")),
          western(
              List.of("SE", "NO", "DK", "IS"),
              names("Åsa:asa", "Bjørn:bjorn", "Sigrún:sigrun", "Ingrid:ingrid"),
              names(
                  "Åberg:aberg", "Sørensen:sorensen", "Ødegaard:odegaard", "Lindqvist:lindqvist")),
          western(
              List.of("TR"),
              names("Çağla:cagla", "Oğuz:oguz", "Şule:sule", "İbrahim:ibrahim"),
              names("Yılmaz:yilmaz", "Öztürk:ozturk", "Şahin:sahin", "Çelik:celik")),
          western(
              List.of("UA"),
              names("Олександр:oleksandr", "Оксана:oksana", "Тарас:taras", "Ірина:iryna"),
              names("Шевченко:shevchenko", "Коваленко:kovalenko", "Бондаренко:bondarenko")),
          western(
              List.of("GR", "CY"),
              names("Γιώργος:giorgos", "Ελένη:eleni", "Νίκος:nikos", "Μαρία:maria"),
              names("Οικονόμου:oikonomou", "Γεωργίου:georgiou", "Νικολάου:nikolaou")),
          western(
              List.of("EG", "SA", "AE", "MA", "JO"),
              names("محمد:mohamed", "فاطمة:fatima", "أحمد:ahmed", "ليلى:layla"),
              names("حداد:haddad", "منصور:mansour", "الخطيب:alkhatib", "العلي:alali")),
          western(
              List.of("IN"),
              names("अर्जुन:arjun", "प्रिया:priya", "राहुल:rahul", "अनन्या:ananya"),
              names("शर्मा:sharma", "वर्मा:verma", "गुप्ता:gupta")),
          eastern(
              List.of("VN"),
              names("Minh Anh:minhanh", "Thu Hà:thuha", "Quang Huy:quanghuy", "Ngọc Lan:ngoclan"),
              names("Nguyễn:nguyen", "Trần:tran", "Lê:le", "Phạm:pham"),
              " "),
          eastern(
              List.of("JP"),
              names("陽菜:hina", "蓮:ren", "結衣:yui", "大翔:hiroto"),
              names("佐藤:sato", "鈴木:suzuki", "高橋:takahashi", "田中:tanaka"),
              " "),
          eastern(
              List.of("CN", "TW", "SG"),
              names("伟:wei", "芳:fang", "秀英:xiuying", "浩然:haoran"),
              names("王:wang", "李:li", "张:zhang", "陈:chen"),
              ""),
          eastern(
              List.of("KR"),
              names("민준:minjun", "서연:seoyeon", "지훈:jihun", "하은:haeun"),
              names("김:kim", "이:lee", "박:park", "최:choi"),
              ""));

  private Names() {}

  /** Picks a culture, then a first name, last name and country from it. */
  static Person pick(Random random) {
    return CULTURES.get(random.nextInt(CULTURES.size())).pick(random);
  }

  private static Culture western(List<String> countries, List<Name> first, List<Name> last) {
    return new Culture(countries, first, last, false, " ");
  }

  private static Culture eastern(
      List<String> countries, List<Name> first, List<Name> last, String sep) {
    return new Culture(countries, first, last, true, sep);
  }

  private static List<Name> names(String... nativeColonAscii) {
    return java.util.Arrays.stream(nativeColonAscii)
        .map(s -> s.split(":", 2))
        .map(parts -> new Name(parts[0], parts[1]))
        .toList();
  }
}
