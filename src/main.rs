fn main() {
    println!("gwlint: work in progress");
}
