"""Splink (DuckDB backend) on the same job as doikhop: link every list row to the extract.

Written as a competent user would, with the benefit of the doubt: the list arrives already
flattened (one clean CSV row per person row, legacy text decoded, see flatten.py), names are
folded with DuckDB's strip_accents (đ → d by hand), IDs are left-padded to 12 digits, and the
model is trained the documented way (u by random sampling, m by EM on two blockings).

    python splink_job.py RESIDENTS.csv LIST.csv OUT.csv

OUT.csv: list_row, resident_id, match_probability — the best candidate of each list row whose
probability reaches 0.5.
"""

import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def fold(col):
    return (
        f"lower(regexp_replace(strip_accents(replace(replace(trim({col}), 'đ', 'd'), 'Đ', 'D')),"
        f" '\\s+', ' ', 'g'))"
    )


def main():
    residents_csv, list_csv, out_csv = sys.argv[1:4]
    t0 = time.time()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.execute(
        f"""
        CREATE TABLE residents AS
        SELECT
          "Số định danh cá nhân" AS unique_id,
          "Số định danh cá nhân" AS pid,
          {fold('"Họ, chữ đệm và tên"')} AS full_name,
          split_part({fold('"Họ, chữ đệm và tên"')}, ' ', -1) AS given,
          split_part({fold('"Họ, chữ đệm và tên"')}, ' ', 1) AS surname,
          "Ngày, tháng, năm sinh" AS dob_text,
          right("Ngày, tháng, năm sinh", 4) AS birth_year,
          lower(strip_accents("Giới tính")) AS sex,
          {fold('"Xã/Phường"')} AS commune
        FROM read_csv('{residents_csv}', all_varchar = true, header = true)
        """
    )
    con.execute(
        f"""
        CREATE TABLE list AS
        SELECT
          'L' || list_row AS unique_id,
          CASE WHEN length(regexp_replace(coalesce(pid, ''), '[^0-9]', '', 'g')) BETWEEN 10 AND 12
               THEN lpad(regexp_replace(pid, '[^0-9]', '', 'g'), 12, '0') END AS pid,
          {fold('full_name')} AS full_name,
          split_part({fold('full_name')}, ' ', -1) AS given,
          split_part({fold('full_name')}, ' ', 1) AS surname,
          dob_text,
          right(dob_text, 4) AS birth_year,
          lower(strip_accents(sex)) AS sex,
          {fold('commune')} AS commune
        FROM read_csv('{list_csv}', all_varchar = true, header = true)
        """
    )
    t_load = time.time()
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("pid"),
            block_on("full_name", "birth_year"),
            block_on("given", "dob_text"),
            block_on("surname", "given", "commune"),
        ],
        comparisons=[
            cl.ExactMatch("pid"),
            cl.NameComparison("full_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "dob_text", input_is_string=True, datetime_format="%d/%m/%Y"
            ),
            # Year-only dates (common in these lists) are null for the date comparison: the
            # birth year is compared on its own too.
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("commune").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(
        [db_api.register("residents"), db_api.register("list")],
        settings,
        log_level=30,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("pid")], recall=0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("full_name", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("pid"))
    t_train = time.time()
    pred = linker.inference.predict(threshold_match_probability=0.5)
    best = con.sql(
        f"""
        SELECT substr(l, 2) AS list_row, r AS resident_id, p AS match_probability FROM (
          SELECT CASE WHEN unique_id_l LIKE 'L%' THEN unique_id_l ELSE unique_id_r END AS l,
                 CASE WHEN unique_id_l LIKE 'L%' THEN unique_id_r ELSE unique_id_l END AS r,
                 match_probability AS p
          FROM {pred.physical_name})
        QUALIFY row_number() OVER (PARTITION BY l ORDER BY p DESC, r) = 1
        """
    )
    best.write_csv(out_csv)
    t_end = time.time()
    print(
        f"splink: load {t_load - t0:.1f} s, train {t_train - t_load:.1f} s, "
        f"predict {t_end - t_train:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
