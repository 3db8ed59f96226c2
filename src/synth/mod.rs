//! TEMPORARY stand-in until the generator lands.
pub struct SynthConfig {
    pub seed: u64,
    pub residents: usize,
    pub rows_per_list: usize,
}
pub struct SynthOutput {
    pub files: Vec<std::path::PathBuf>,
    pub person_rows: usize,
}
pub fn generate_fixtures(
    _cfg: &SynthConfig,
    _out: &std::path::Path,
) -> std::io::Result<SynthOutput> {
    Err(std::io::Error::other("not yet"))
}
