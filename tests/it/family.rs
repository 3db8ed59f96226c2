//! Tests of the household, parents and co-holder parts of matching: candidates found
//! through a household, and comparisons that tell namesakes apart. A synthetic population of
//! 3,000 gives the registry realistic name frequencies; a few hand-made families are added.

use std::sync::OnceLock;

use doikhop::fields::date::{DateContext, parse_date_cell};
use doikhop::fields::household::code_key;
use doikhop::matching::candidates::{candidates, from_every_key};
use doikhop::matching::compare::compare;
use doikhop::matching::decide::decide;
use doikhop::matching::model::Model;
use doikhop::matching::{Decision, Status};
use doikhop::model::Cell;
use doikhop::normalise::{ListPerson, SexSource};
use doikhop::registry::Registry;
use doikhop::rules::Rules;
use doikhop::text::name::{NameLevel, parse_name_cell};

/// Hand-made residents: a couple and their son (household 0790000001), the son's namesake
/// born the same day in another family (0790000002), the namesake's father.
const FAMILIES: &[[&str; 14]] = &[
    [
        "079070001234",
        "",
        "Đào Gia Khiêm",
        "12/03/1970",
        "Nam",
        "",
        "",
        "",
        "0790000001",
        "Chủ hộ",
        "Đào Văn Tư",
        "Ngô Thị Lành",
        "Còn sống",
        "",
    ],
    [
        "079172004321",
        "",
        "Quách Thị Ngọc Diệp",
        "05/06/1972",
        "Nữ",
        "",
        "",
        "",
        "0790000001",
        "Vợ",
        "",
        "",
        "Còn sống",
        "",
    ],
    [
        "079215000111",
        "",
        "Đào Minh Khôi",
        "01/02/2015",
        "Nam",
        "",
        "",
        "",
        "0790000001",
        "Con",
        "Đào Gia Khiêm",
        "Quách Thị Ngọc Diệp",
        "Còn sống",
        "",
    ],
    [
        "079215000222",
        "",
        "Đào Minh Khôi",
        "01/02/2015",
        "Nam",
        "",
        "",
        "",
        "0790000002",
        "Con",
        "Đào Quốc Bảo",
        "Phạm Thị Hoa",
        "Còn sống",
        "",
    ],
    [
        "079080000333",
        "",
        "Đào Quốc Bảo",
        "20/10/1980",
        "Nam",
        "",
        "",
        "",
        "0790000002",
        "Chủ hộ",
        "",
        "",
        "Còn sống",
        "",
    ],
];

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| {
        let pop = doikhop_synth::people::generate_population(5, 3_000, 15);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("residents.csv");
        doikhop_synth::registry_csv::write_residents(&path, &pop).expect("write");
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("append");
        let mut w = csv::Writer::from_writer(file);
        for row in FAMILIES {
            w.write_record(row).expect("row");
        }
        w.flush().expect("flush");
        drop(w);
        let rules = Rules::builtin("residents").expect("rules");
        Registry::load(&path, &rules, 2026).expect("registry")
    })
}

fn index_of(reg: &Registry, id: &str) -> u32 {
    reg.by_id(id)[0]
}

fn person(name: &str, dob: &str) -> ListPerson {
    let ctx = DateContext {
        date1904: false,
        reference_year: 2026,
        typical_age: (0, 120),
        id_birth_year: None,
        numbers_are_serials: false,
    };
    let cell = parse_name_cell(name);
    ListPerson {
        name_text: name.to_string(),
        name: cell.primary,
        co_holders: cell.co_holders,
        dob: parse_date_cell(&Cell::Text(dob.to_string()), &ctx),
        ..Default::default()
    }
}

fn with_parents(mut p: ListPerson, father: &str, mother: &str) -> ListPerson {
    p.father = parse_name_cell(father).primary;
    p.mother = parse_name_cell(mother).primary;
    p
}

fn with_household(mut p: ListPerson, code: &str) -> ListPerson {
    p.household_text = code.to_string();
    p.household = code_key(code).map(|k| k.as_str().to_string());
    p
}

fn rules(kind: &str) -> Rules {
    Rules::builtin(kind).expect("rules")
}

fn resident_id(reg: &Registry, d: &Decision) -> String {
    d.resident.map(|r| reg.get(r).id).unwrap_or_default()
}

#[test]
fn a_birth_row_with_a_namesake_is_decided_by_the_parents() {
    let reg = registry();
    let ho_tich = rules("ho-tich");
    let alone = person("Đào Minh Khôi", "01/02/2015");
    // name and date fit both boys: without parents nobody can choose
    assert_eq!(decide(&alone, reg, &ho_tich).status, Status::Ambiguous);

    let ours = with_parents(alone.clone(), "Đào Gia Khiêm", "Quách Thị Ngọc Diệp");
    let d = decide(&ours, reg, &ho_tich);
    assert_eq!(d.status, Status::Matched, "{d:?}");
    assert_eq!(resident_id(reg, &d), "079215000111");
    let c = d.comparison.as_ref().expect("comparison");
    assert_eq!(c.father, Some(NameLevel::Identical));
    assert!(c.father_weight > 0.0 && c.mother_weight > 0.0);
    // parents are evidence, never a discrepancy
    assert!(d.discrepancies.is_empty());

    // the other family's parents, typed without diacritics and one letter off, pick the other boy
    let theirs = with_parents(alone, "DAO QUOC BAO", "Pham Thi Hoai");
    let d = decide(&theirs, reg, &ho_tich);
    assert_eq!(d.status, Status::Matched, "{d:?}");
    assert_eq!(resident_id(reg, &d), "079215000222");
    let c = d.comparison.as_ref().expect("comparison");
    assert_eq!(c.father, Some(NameLevel::MissingDiacritics));
    assert_eq!(c.mother, Some(NameLevel::OneLetter));
    assert!(c.mother_weight > 0.0);
    // a typo in a parent's name is worth less than the name written right
    let exact = with_parents(
        person("Đào Minh Khôi", "01/02/2015"),
        "Đào Quốc Bảo",
        "Phạm Thị Hoa",
    );
    let boy = index_of(reg, "079215000222");
    assert!(compare(&exact, &reg.get(boy), reg, Model::defaults()).mother_weight > c.mother_weight);
}

#[test]
fn parents_that_differ_weigh_against_but_are_no_discrepancy() {
    let reg = registry();
    let boy = index_of(reg, "079215000111");
    let p = with_parents(
        person("Đào Minh Khôi", "01/02/2015"),
        "Đào Quốc Bảo",
        "Phạm Thị Hoa",
    );
    let c = compare(&p, &reg.get(boy), reg, Model::defaults());
    assert_eq!(c.father, Some(NameLevel::Different));
    assert_eq!(c.mother, Some(NameLevel::Different));
    assert!(c.father_weight < 0.0 && c.mother_weight < 0.0);
    // a parent missing on one side weighs nothing
    let p = with_parents(
        person("Đào Minh Khôi", "01/02/2015"),
        "",
        "Quách Thị Ngọc Diệp",
    );
    let c = compare(&p, &reg.get(boy), reg, Model::defaults());
    assert_eq!((c.father, c.father_weight), (None, 0.0));
    assert!(c.mother_weight > 0.0);
    let father = index_of(reg, "079070001234");
    let p = with_parents(
        person("Đào Gia Khiêm", "1970"),
        "Đào Văn Tư",
        "Ngô Thị Lành",
    );
    let c = compare_to(&p, reg, "079172004321");
    assert_eq!(
        (c.father, c.mother),
        (None, None),
        "the registry names no parents"
    );
    assert!(compare(&p, &reg.get(father), reg, Model::defaults()).father_weight > 0.0);
}

#[test]
fn a_land_couple_is_found_through_the_spouse_household() {
    let reg = registry();
    let dat_dai = rules("dat-dai");
    // the main holder's family name is mistyped (Đào -> Đàm, another family name): no name key finds him
    let p = person("Ông Đàm Gia Khiêm và bà Quách Thị Ngọc Diệp", "1970");
    assert_eq!(p.co_holders.len(), 1);
    let husband = index_of(reg, "079070001234");
    let alone = person("Ông Đàm Gia Khiêm", "1970");
    assert!(!from_every_key(&alone, reg).contains(&husband));
    assert_eq!(decide(&alone, reg, &dat_dai).status, Status::NotFound);

    let cands = candidates(&p, reg);
    assert!(cands.contains(&husband), "{cands:?}");
    // the spouse herself and the son (another name) are not candidates for the main holder
    assert!(!cands.contains(&index_of(reg, "079172004321")));
    assert!(!cands.contains(&index_of(reg, "079215000111")));
    let d = decide(&p, reg, &dat_dai);
    assert_eq!(d.status, Status::Mismatch, "{d:?}");
    assert_eq!(resident_id(reg, &d), "079070001234");
    let c = d.comparison.as_ref().expect("comparison");
    assert_eq!(c.name, Some(NameLevel::OneLetter));
    assert_eq!(c.co_holder, Some(NameLevel::Identical));
    assert!(c.co_holder_weight > 0.0);
}

/// The comparison of a row with the resident holding `id`, under the default model.
fn compare_to(p: &ListPerson, reg: &Registry, id: &str) -> doikhop::matching::compare::Comparison {
    compare(p, &reg.get(index_of(reg, id)), reg, Model::defaults())
}

#[test]
fn a_co_holder_absent_from_the_household_weighs_a_little_against() {
    let reg = registry();
    let p = person("Ông Đào Gia Khiêm và bà Phạm Thị Hoa", "1970");
    let c = compare_to(&p, reg, "079070001234");
    assert_eq!(c.co_holder, Some(NameLevel::Different));
    assert!(c.co_holder_weight < 0.0 && c.co_holder_weight > -3.0);
    let found = person("Ông Đào Gia Khiêm và bà Quach Thi Ngoc Diep", "1970");
    let c = compare_to(&found, reg, "079070001234");
    assert_eq!(c.co_holder, Some(NameLevel::MissingDiacritics));
}

#[test]
fn a_household_code_brings_the_members_with_a_close_name() {
    let reg = registry();
    let ho_ngheo = rules("ho-ngheo");
    let head = index_of(reg, "079070001234");
    // typed without the leading zero, the family name mistyped
    let p = with_household(person("Đàm Gia Khiêm", "1970"), "790000001");
    let cands = candidates(&p, reg);
    assert!(cands.contains(&head));
    assert!(
        !cands.contains(&index_of(reg, "079172004321")),
        "not a close name"
    );
    let d = decide(&p, reg, &ho_ngheo);
    assert_eq!(resident_id(reg, &d), "079070001234", "{d:?}");
    assert_eq!(d.status, Status::Mismatch);
    let c = d.comparison.as_ref().expect("comparison");
    assert_eq!(c.household, Some(true));
    assert!(c.household_weight >= 2.0);
    assert!(
        d.discrepancies.len() == 1,
        "only the name: {:?}",
        d.discrepancies
    );

    // another household's code weighs against
    let other = with_household(person("Đào Gia Khiêm", "1970"), "0790000002");
    let c = compare(&other, &reg.get(head), reg, Model::defaults());
    assert_eq!(c.household, Some(false));
    assert!(c.household_weight < 0.0);

    // a code the registry does not know (an old household-book number) says nothing
    let unknown = with_household(person("Đào Gia Khiêm", "1970"), "HK 123/45");
    let c = compare(&unknown, &reg.get(head), reg, Model::defaults());
    assert_eq!((c.household, c.household_weight), (None, 0.0));
}

#[test]
fn rows_without_family_fields_compare_as_before() {
    let reg = registry();
    let mut p = person("Đào Gia Khiêm", "12/03/1970");
    p.sex = Some((doikhop::fields::sex::Sex::Male, SexSource::Listed));
    assert!(!p.lists_family());
    let c = compare_to(&p, reg, "079070001234");
    assert_eq!(c.family_weight(), 0.0);
    assert_eq!(
        c.total,
        c.name_weight + c.dob_weight + c.sex_weight + c.id_weight + c.commune_weight
    );
    assert_eq!(
        (c.father, c.mother, c.household, c.co_holder),
        (None, None, None, None)
    );
}

fn row_result(p: ListPerson, d: Decision) -> doikhop::results::RowResult {
    let decided_by_family =
        doikhop::matching::explain::decided_by_family(&p, &d, registry(), Model::defaults());
    doikhop::results::RowResult {
        at: doikhop::model::RowRef {
            file_index: 0,
            file: "x.xlsx".into(),
            sheet: "S".into(),
            row: 2,
        },
        cells: Vec::new(),
        person: p,
        decision: d,
        decided_by_family,
    }
}

#[test]
fn the_reason_says_what_decided_and_what_differs_in_vietnamese() {
    use doikhop::report::reasons::{explanation, reason};
    let reg = registry();
    let p = with_parents(
        person("Đào Minh Khôi", "01/02/2015"),
        "Đào Gia Khiêm",
        "Quách Thị Ngọc Diệp",
    );
    let d = decide(&p, reg, &rules("ho-tich"));
    let r = row_result(p, d);
    let why = reason(&r, reg, false);
    assert!(why.contains("Xác định được nhờ họ tên cha, mẹ"), "{why}");
    let expl = explanation(&r);
    assert!(expl.contains("Họ tên cha: trùng khớp (+"), "{expl}");
    assert!(expl.contains("Họ tên mẹ: trùng khớp (+"), "{expl}");

    // the couple found through the spouse: a name mismatch, decided by the co-holder
    let p = person("Ông Đàm Gia Khiêm và bà Quách Thị Ngọc Diệp", "1970");
    let d = decide(&p, reg, &rules("dat-dai"));
    let r = row_result(p, d);
    let why = reason(&r, reg, false);
    assert!(why.starts_with("Sai họ tên: danh sách"), "{why}");
    let expl = explanation(&r);
    assert!(
        expl.contains("Người cùng đứng tên: có trong hộ, họ tên trùng khớp (+"),
        "{expl}"
    );

    // another father than the registry's: noted, the row still matches
    let p = with_parents(
        person("Đào Gia Khiêm", "12/03/1970"),
        "Đào Văn Sáu",
        "Ngô Thị Lành",
    );
    let d = decide(&p, reg, &rules("ho-tich"));
    assert_eq!(d.status, Status::Matched);
    let r = row_result(p, d);
    let why = reason(&r, reg, false);
    assert!(
        why.contains("Lưu ý: họ tên cha khác (danh sách Đào Văn Sáu, CSDLQG Đào Văn Tư)"),
        "{why}"
    );
    assert!(!why.contains("Xác định được nhờ"), "{why}");
}

#[test]
fn the_cheap_name_check_never_rules_out_a_close_name() {
    use doikhop::matching::compare::may_be_close;
    use doikhop::text::name::{compare_names, parse_person_name};
    let pairs = [
        ("Quach Thi Ngoc Diep", "Quách Thị Ngọc Diệp", true),
        ("Đàm Gia Khiêm", "Đào Gia Khiêm", true),
        ("Lê Anh", "Lê Văn Anh", true),
        ("Tôn Nữ Mai", "Tôn Nữ Thị Mai", true),
        ("Nguyễn Văn An", "Trần Văn An", false),
        ("Nguyễn Văn An", "Nguyễn Văn Bình", false),
    ];
    for (listed, registry, close) in pairs {
        let l = parse_person_name(listed).expect("name");
        assert_eq!(
            may_be_close(&l.folded(), registry),
            close,
            "{listed} / {registry}"
        );
        let r = parse_person_name(registry).expect("name");
        if compare_names(&l, &r) != NameLevel::Different {
            assert!(may_be_close(&l.folded(), registry), "{listed} / {registry}");
        }
    }
}
