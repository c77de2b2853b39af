//! A minimal ERC-20 for the anvil tests, from hand-assembled bytecode (no
//! compiler here): balances keyed by address in storage, `transfer`
//! emitting `Transfer`, `balanceOf`, the deployer holding the supply, and
//! owner-settable flags: `paused` makes `transfer` revert, `silent` makes it
//! answer true without moving anything (as broken tokens do).

use crate::support::unhex;
use sha3::{Digest, Keccak256};
use std::collections::HashMap;

/// ERC-20 `Transfer(address,address,uint256)`.
const TRANSFER_TOPIC: &str = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

pub fn selector(signature: &str) -> [u8; 4] {
    let h = Keccak256::digest(signature.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

/// One item of an assembly listing.
enum Item {
    Op(u8),
    /// PUSHn of these bytes (1 to 32 of them).
    Push(Vec<u8>),
    /// PUSH2 of a label's offset.
    PushLabel(&'static str),
    /// A JUMPDEST others jump to.
    Label(&'static str),
}

use Item::*;

const STOP: u8 = 0x00;
const ADD: u8 = 0x01;
const SUB: u8 = 0x03;
const LT: u8 = 0x10;
const EQ: u8 = 0x14;
const ISZERO: u8 = 0x15;
const SHR: u8 = 0x1c;
const CALLER: u8 = 0x33;
const CALLDATALOAD: u8 = 0x35;
const CODECOPY: u8 = 0x39;
const MSTORE: u8 = 0x52;
const SLOAD: u8 = 0x54;
const SSTORE: u8 = 0x55;
const JUMPI: u8 = 0x57;
const JUMPDEST: u8 = 0x5b;
const DUP1: u8 = 0x80;
const DUP2: u8 = 0x81;
const DUP3: u8 = 0x82;
const SWAP1: u8 = 0x90;
const LOG3: u8 = 0xa3;
const RETURN: u8 = 0xf3;
const REVERT: u8 = 0xfd;

/// Two passes: label offsets, then bytes.
fn assemble(items: &[Item]) -> Vec<u8> {
    let size = |i: &Item| match i {
        Op(_) | Label(_) => 1,
        Push(b) => 1 + b.len(),
        PushLabel(_) => 3,
    };
    let mut labels = HashMap::new();
    let mut at = 0;
    for i in items {
        if let Label(name) = i {
            labels.insert(*name, at);
        }
        at += size(i);
    }
    let mut out = Vec::new();
    for i in items {
        match i {
            Op(op) => out.push(*op),
            Label(_) => out.push(JUMPDEST),
            Push(bytes) => {
                assert!((1..=32).contains(&bytes.len()));
                out.push(0x5f + bytes.len() as u8);
                out.extend_from_slice(bytes);
            }
            PushLabel(name) => {
                let offset = u16::try_from(labels[name]).unwrap();
                out.push(0x61);
                out.extend_from_slice(&offset.to_be_bytes());
            }
        }
    }
    out
}

/// Storage keys above every address (2^160 + 0, 1, 2).
fn key(last: u8) -> Vec<u8> {
    let mut k = vec![0u8; 21];
    k[0] = 1;
    k[20] = last;
    k
}

fn revert() -> [Item; 3] {
    [Push(vec![0]), Op(DUP1), Op(REVERT)]
}

fn runtime() -> Vec<u8> {
    let (paused, owner, silent) = (key(0), key(1), key(2));
    let mut items = vec![
        Push(vec![0]),
        Op(CALLDATALOAD),
        Push(vec![0xe0]),
        Op(SHR),
        Op(DUP1),
        Push(selector("transfer(address,uint256)").to_vec()),
        Op(EQ),
        PushLabel("transfer"),
        Op(JUMPI),
        Op(DUP1),
        Push(selector("balanceOf(address)").to_vec()),
        Op(EQ),
        PushLabel("balance"),
        Op(JUMPI),
        Op(DUP1),
        Push(selector("setPaused(uint256)").to_vec()),
        Op(EQ),
        PushLabel("pause"),
        Op(JUMPI),
        Op(DUP1),
        Push(selector("setSilent(uint256)").to_vec()),
        Op(EQ),
        PushLabel("silence"),
        Op(JUMPI),
    ];
    items.extend(revert());
    items.extend([
        Label("balance"),
        Push(vec![4]),
        Op(CALLDATALOAD),
        Op(SLOAD),
        Push(vec![0]),
        Op(MSTORE),
        Push(vec![32]),
        Push(vec![0]),
        Op(RETURN),
        Label("pause"),
        Push(owner.clone()),
        Op(SLOAD),
        Op(CALLER),
        Op(EQ),
        PushLabel("pause_ok"),
        Op(JUMPI),
    ]);
    items.extend(revert());
    items.extend([
        Label("pause_ok"),
        Push(vec![4]),
        Op(CALLDATALOAD),
        Push(paused.clone()),
        Op(SSTORE),
        Op(STOP),
        Label("silence"),
        Push(owner),
        Op(SLOAD),
        Op(CALLER),
        Op(EQ),
        PushLabel("silence_ok"),
        Op(JUMPI),
    ]);
    items.extend(revert());
    items.extend([
        Label("silence_ok"),
        Push(vec![4]),
        Op(CALLDATALOAD),
        Push(silent.clone()),
        Op(SSTORE),
        Op(STOP),
        Label("transfer"),
        Push(paused),
        Op(SLOAD),
        Op(ISZERO),
        PushLabel("live"),
        Op(JUMPI),
    ]);
    items.extend(revert());
    items.extend([
        Label("live"),
        // A silent token says true and does nothing.
        Push(silent),
        Op(SLOAD),
        Op(ISZERO),
        PushLabel("moves"),
        Op(JUMPI),
        Push(vec![1]),
        Push(vec![0]),
        Op(MSTORE),
        Push(vec![32]),
        Push(vec![0]),
        Op(RETURN),
        Label("moves"),
        // sel amount
        Push(vec![0x24]),
        Op(CALLDATALOAD),
        // sel amount balance
        Op(CALLER),
        Op(SLOAD),
        Op(DUP2),
        Op(DUP2),
        Op(LT),
        PushLabel("fail"),
        Op(JUMPI),
        // balance[caller] = balance - amount
        Op(DUP2),
        Op(SWAP1),
        Op(SUB),
        Op(CALLER),
        Op(SSTORE),
        // balance[to] += amount
        Push(vec![4]),
        Op(CALLDATALOAD),
        Op(DUP1),
        Op(SLOAD),
        Op(DUP3),
        Op(ADD),
        Op(SWAP1),
        Op(SSTORE),
        // Transfer(caller, to, amount)
        Push(vec![0]),
        Op(MSTORE),
        Push(vec![4]),
        Op(CALLDATALOAD),
        Op(CALLER),
        Push(unhex(TRANSFER_TOPIC)),
        Push(vec![32]),
        Push(vec![0]),
        Op(LOG3),
        Push(vec![1]),
        Push(vec![0]),
        Op(MSTORE),
        Push(vec![32]),
        Push(vec![0]),
        Op(RETURN),
        Label("fail"),
    ]);
    items.extend(revert());
    assemble(&items)
}

/// Init code: the deployer gets `supply` and owns the pause flag; then the
/// runtime is returned.
pub fn init_code(supply: u128) -> Vec<u8> {
    let runtime = runtime();
    let len = runtime.len() as u16;
    let mut supply_word = vec![0u8; 16];
    supply_word.extend_from_slice(&supply.to_be_bytes());
    let constructor = |offset: u16| {
        assemble(&[
            Push(supply_word.clone()),
            Op(CALLER),
            Op(SSTORE),
            Op(CALLER),
            Push(key(1)),
            Op(SSTORE),
            Push(len.to_be_bytes().to_vec()),
            Push(offset.to_be_bytes().to_vec()),
            Push(vec![0]),
            Op(CODECOPY),
            Push(len.to_be_bytes().to_vec()),
            Push(vec![0]),
            Op(RETURN),
        ])
    };
    let offset = constructor(0).len() as u16;
    let mut code = constructor(offset);
    code.extend_from_slice(&runtime);
    code
}

/// Calldata of `transfer(to, amount)`.
pub fn transfer(to: &str, amount: u128) -> Vec<u8> {
    let mut data = selector("transfer(address,uint256)").to_vec();
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(&unhex(&to[2..].to_ascii_lowercase()));
    data.extend_from_slice(&[0u8; 16]);
    data.extend_from_slice(&amount.to_be_bytes());
    data
}

/// Calldata of `balanceOf(who)`.
pub fn balance_of(who: &str) -> Vec<u8> {
    let mut data = selector("balanceOf(address)").to_vec();
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(&unhex(&who[2..].to_ascii_lowercase()));
    data
}

/// Calldata of `setPaused(flag)`.
pub fn set_paused(flag: bool) -> Vec<u8> {
    let mut data = selector("setPaused(uint256)").to_vec();
    data.extend_from_slice(&[0u8; 31]);
    data.push(u8::from(flag));
    data
}

/// Calldata of `setSilent(flag)`.
pub fn set_silent(flag: bool) -> Vec<u8> {
    let mut data = selector("setSilent(uint256)").to_vec();
    data.extend_from_slice(&[0u8; 31]);
    data.push(u8::from(flag));
    data
}
