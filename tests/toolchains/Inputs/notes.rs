// Rust std on wasm32-wasi: std::env (arguments, variables), std::fs inside a
// granted directory (create, write, read back, list, remove), a refused path
// outside it, and a panic, which becomes a wasm trap (panic=abort).
use std::env;
use std::fs;
use std::io::Write;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    println!("args: {:?}", args);
    println!("NOTES_MODE={}", env::var("NOTES_MODE").unwrap_or_else(|_| "unset".to_string()));
    let dir = args.get(0).cloned().unwrap_or_else(|| "data".to_string());
    let path = format!("{}/note.txt", dir);
    {
        let mut f = fs::File::create(&path).expect("create");
        writeln!(f, "first line").unwrap();
        writeln!(f, "second line").unwrap();
    }
    let text = fs::read_to_string(&path).expect("read");
    println!("read {} lines, {} bytes", text.lines().count(), text.len());
    let mut names: Vec<String> = fs::read_dir(&dir).expect("read_dir")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    println!("listing: {:?}", names);
    fs::remove_file(&path).expect("remove");
    println!("removed: {}", !std::path::Path::new(&path).exists());
    if args.iter().any(|a| a == "--escape") {
        match fs::read_to_string("/etc/hostname") {
            Ok(_) => println!("escape: read /etc/hostname"),
            Err(_) => println!("escape: refused"),
        }
    }
    if args.iter().any(|a| a == "--panic") {
        let v: Vec<u32> = Vec::new();
        let i = args.len() + 5;
        println!("about to panic");
        std::io::stdout().flush().unwrap();
        println!("{}", v[i]);
    }
}
